package org.ewstoken.server.identity;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.ewstoken.store.AccountName;

/**
 * user:password from a Basic Authorization header; the password is a wipeable char array. The user
 * is canonical already: a name that can never be a mailbox ({@link AccountName}) parses to nothing.
 */
record BasicCredentials(AccountName user, char[] password) {

    /** Longer headers are not Basic credentials anyone types (and cost decoding). */
    static final int MAX_HEADER_LENGTH = 4096;

    static Optional<BasicCredentials> parse(String base64) {
        if (base64.isEmpty() || base64.length() > MAX_HEADER_LENGTH) return Optional.empty();
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded));
            int colon = -1;
            for (int i = chars.position(); i < chars.limit(); i++) {
                if (chars.get(i) == ':') {
                    colon = i;
                    break;
                }
            }
            if (colon <= 0) return Optional.empty();
            Optional<AccountName> user = AccountName.parse(chars.subSequence(0, colon).toString());
            if (user.isEmpty()) return Optional.empty();
            char[] password = new char[chars.limit() - colon - 1];
            chars.position(colon + 1);
            chars.get(password);
            Arrays.fill(chars.array(), '\0');
            return Optional.of(new BasicCredentials(user.get(), password));
        } catch (CharacterCodingException e) {
            return Optional.empty();
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
    }

    /** Typed credentials, the password copied (this copy is wiped after the sign-in, the caller wipes its own). */
    static Optional<BasicCredentials> of(SignInRequest.TypedPassword typed) {
        if (typed.user().length() > MAX_HEADER_LENGTH || typed.password().length > MAX_HEADER_LENGTH) return Optional.empty();
        return AccountName.parse(typed.user().strip()).map(user -> new BasicCredentials(user, typed.password().clone()));
    }

    void wipe() {
        Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "BasicCredentials[user=" + user + "]";
    }
}
