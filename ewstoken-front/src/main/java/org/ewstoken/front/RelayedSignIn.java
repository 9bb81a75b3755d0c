package org.ewstoken.front;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.ewstoken.server.identity.Identity;
import org.ewstoken.server.identity.SignInMethod;
import org.ewstoken.server.identity.SignInRequest;
import org.ewstoken.server.identity.SignInResult;

/**
 * Client connections the upstream signed in with NTLM or Negotiate (relayed on the connection's own upstream
 * connection, see {@link NegotiateRelay}), for ewstoken's own operations. The router hands the local endpoint the
 * request with {@code Authorization: EwstokenRelay <handle>}, a random handle of the connection that never leaves
 * ewstoken; this method turns it back into the identity the upstream named. A client cannot present a handle it
 * was never given (128 random bits), and handles die with their connections.
 */
final class RelayedSignIn implements SignInMethod {

    static final String SCHEME = "EwstokenRelay";

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Identity> connections = new ConcurrentHashMap<>();

    /** A handle for a connection signed in as {@code identity}; {@link #drop} it when the connection closes. */
    String admit(Identity identity) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        String handle = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        connections.put(handle, identity);
        return handle;
    }

    void drop(String handle) {
        connections.remove(handle);
    }

    @Override
    public String name() {
        return "negotiate-relay";
    }

    @Override
    public Optional<String> challenge() {
        return Optional.empty(); // the upstream's challenges reach the client through the proxy
    }

    @Override
    public SignInResult signIn(SignInRequest request) {
        Optional<String> handle = request.credentials(SCHEME);
        if (handle.isEmpty()) return SignInResult.NOT_MINE;
        Identity identity = connections.get(handle.get());
        return identity == null ? SignInResult.REFUSED : new SignInResult.SignedIn(identity);
    }
}
