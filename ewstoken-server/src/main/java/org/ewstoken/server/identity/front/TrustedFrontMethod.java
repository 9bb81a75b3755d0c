package org.ewstoken.server.identity.front;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ewstoken.server.config.TrustedFrontSettings;
import org.ewstoken.server.identity.Identity;
import org.ewstoken.server.identity.SignInMethod;
import org.ewstoken.server.identity.SignInRequest;
import org.ewstoken.server.identity.SignInResult;
import org.ewstoken.store.AccountName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trusted front-end asserting the mailbox in {@value #MAILBOX}: an EWS server that signed the
 * user in itself and forwards the add-in operations to ewstoken. The assertion counts only
 *
 * <ul>
 *   <li>over mutual TLS, when the client certificate is exactly one of {@code front-client-certificates}, or
 *   <li>with an HMAC-SHA256 signature under the shared secret, in {@value #SIGNATURE}, over
 *       {@code METHOD \n path \n timestamp \n mailbox \n body-sha256} (the timestamp in
 *       {@value #TIMESTAMP}, Unix seconds within {@code front-clock-window}; the body's SHA-256 in
 *       {@value #CONTENT_SHA256}, base64, checked against the body once it is read). A signature is
 *       accepted once: a replay within the window is refused.
 * </ul>
 * A bare header is refused, never trusted. docs/identity.md shows how a front-end signs.
 */
public final class TrustedFrontMethod implements SignInMethod {

    public static final String MAILBOX = "X-Ewstoken-Mailbox";
    public static final String TIMESTAMP = "X-Ewstoken-Timestamp";
    public static final String CONTENT_SHA256 = "X-Ewstoken-Content-SHA256";
    public static final String SIGNATURE = "X-Ewstoken-Signature";
    private static final Logger LOG = LoggerFactory.getLogger(TrustedFrontMethod.class);
    private static final int MAX_REMEMBERED = 100_000;

    private final Set<String> pins;
    private final Optional<SecretKeySpec> secret;
    private final Duration window;
    private final Clock clock;
    private final ConcurrentHashMap<String, Instant> seen = new ConcurrentHashMap<>();

    TrustedFrontMethod(Set<String> pins, Optional<byte[]> secret, Duration window, Clock clock) {
        this.pins = Set.copyOf(pins);
        this.secret = secret.map(s -> new SecretKeySpec(s, "HmacSHA256"));
        this.window = window;
        this.clock = clock;
    }

    public static TrustedFrontMethod open(TrustedFrontSettings settings, Clock clock) {
        Set<String> pins = new java.util.HashSet<>();
        for (X509Certificate c : settings.clientCertificates()) pins.add(fingerprint(c));
        return new TrustedFrontMethod(pins, settings.hmacSecret(), settings.clockWindow(), clock);
    }

    /** The signature a front-end sends (its side of the contract, shown to tests and docs). */
    public static String sign(byte[] secret, String method, String path, long timestamp, String mailbox,
                              String bodySha256) {
        return Base64.getEncoder().encodeToString(mac(new SecretKeySpec(secret, "HmacSHA256"),
                canonical(method, path, Long.toString(timestamp), mailbox, bodySha256)));
    }

    @Override
    public String name() {
        return "front";
    }

    @Override
    public Optional<String> challenge() {
        return Optional.empty(); // nobody is invited to be a front-end
    }

    /** Not mine, at once; a request of mine waits (its mailbox may have to be found or made in the store). */
    @Override
    public SignInResult signInAtOnce(SignInRequest request) {
        return request.header(MAILBOX) == null ? SignInResult.NOT_MINE : SignInResult.WOULD_WAIT;
    }

    @Override
    public SignInResult signIn(SignInRequest request) {
        String asserted = request.header(MAILBOX);
        if (asserted == null) return SignInResult.NOT_MINE;
        Optional<AccountName> mailbox = AccountName.parse(asserted);
        if (mailbox.isEmpty()) return refused("the asserted mailbox is not an address");
        if (pinnedClient(request)) return signedIn(mailbox.get(), Optional.empty());
        if (secret.isEmpty()) return refused("no pinned client certificate");
        String timestamp = request.header(TIMESTAMP);
        String digest = request.header(CONTENT_SHA256);
        String signature = request.header(SIGNATURE);
        if (timestamp == null || digest == null || signature == null || signature.length() > 200) {
            return refused("unsigned");
        }
        long seconds;
        byte[] bodySha256;
        byte[] given;
        try {
            seconds = Long.parseLong(timestamp.trim());
            bodySha256 = Base64.getDecoder().decode(digest.trim());
            given = Base64.getDecoder().decode(signature.trim());
        } catch (IllegalArgumentException e) {
            return refused("malformed signature headers");
        }
        if (bodySha256.length != 32) return refused("malformed body digest");
        Instant at = Instant.ofEpochSecond(Math.max(-31_000_000_000L, Math.min(31_000_000_000L, seconds)));
        Instant now = clock.instant();
        if (Duration.between(at, now).abs().compareTo(window) > 0) return refused("timestamp outside the window");
        byte[] expected = mac(secret.get(), canonical(request.method(), request.path(), timestamp.trim(), asserted,
                digest.trim()));
        if (!MessageDigest.isEqual(expected, given)) return refused("bad signature");
        if (!firstUse(Base64.getEncoder().encodeToString(expected), now)) return refused("replayed signature");
        return signedIn(mailbox.get(), Optional.of(bodySha256));
    }

    private SignInResult signedIn(AccountName mailbox, Optional<byte[]> bodySha256) {
        return new SignInResult.SignedIn(new Identity(mailbox.value(), mailbox.value(), Optional.empty(), Optional.empty(),
                Identity.Grants.ALL, name()), Optional.empty(), bodySha256);
    }

    private boolean pinnedClient(SignInRequest request) {
        if (pins.isEmpty() || request.clientCertificates().isEmpty()) return false;
        return pins.contains(fingerprint(request.clientCertificates().get(0)));
    }

    /** Lowercase hex SHA-256 of the DER certificate; "" for one that cannot be encoded. */
    static String fingerprint(X509Certificate c) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (GeneralSecurityException e) { // also CertificateEncodingException
            return "";
        }
    }

    private boolean firstUse(String signature, Instant now) {
        if (seen.size() > MAX_REMEMBERED) seen.values().removeIf(t -> t.isBefore(now.minus(window.multipliedBy(2))));
        return seen.putIfAbsent(signature, now) == null;
    }

    private static String canonical(String method, String path, String timestamp, String mailbox, String bodySha256) {
        return method + "\n" + path + "\n" + timestamp + "\n" + mailbox + "\n" + bodySha256;
    }

    private static byte[] mac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static SignInResult refused(String why) {
        LOG.info("front-end assertion refused: {}", why); // an attempt to impersonate is worth the operator's eye
        return SignInResult.REFUSED;
    }
}
