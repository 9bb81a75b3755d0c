package org.ewstoken.validation;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * A compact JWS split and decoded, its header checked: {@code typ} JWT, {@code alg} exactly RS256,
 * an {@code x5t}, no {@code crit}. Nothing here is trusted until {@link Rs256#verify} says so.
 *
 * @param signingInput the ASCII bytes of {@code header.payload}, what the signature covers
 */
record JwsToken(Claims header, Claims payload, String keyId, byte[] signingInput, byte[] signature) {

    /** Tokens are about 1 KB; anything far larger is not one of ours and is not worth decoding. */
    static final int MAX_TOKEN_LENGTH = 16 * 1024;
    private static final int MAX_JSON_DEPTH = 8;
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    private static final Base64.Encoder BASE64URL_ENCODER = Base64.getUrlEncoder().withoutPadding();

    static JwsToken parse(String token) throws MalformedTokenException, UnsupportedAlgorithmException {
        if (token == null || token.isEmpty()) throw new MalformedTokenException("the token is empty");
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new MalformedTokenException("the token is " + token.length() + " characters long; tokens of "
                    + "this kind are about 1 KB and at most " + MAX_TOKEN_LENGTH + " are accepted");
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
            throw new MalformedTokenException("a JWT has three base64url parts separated by '.': "
                    + "header.payload.signature (was the token cut, or wrapped in quotes or 'Bearer '?)");
        }
        // The header first: an 'alg none' token (empty signature) is refused for its algorithm, the real reason.
        Claims header = new Claims(json(decode(token, 0, first, "header"), "header"));
        String alg = header.string("alg").orElse(null);
        if (!"RS256".equals(alg)) {
            throw new UnsupportedAlgorithmException("the token's header has alg " + Texts.quote(alg)
                    + "; only RS256 is accepted (Exchange signs with RS256; 'none', HS256 and others are refused "
                    + "whatever the token says)");
        }
        String typ = header.string("typ").orElse(null);
        if (!"JWT".equalsIgnoreCase(typ)) {
            throw new MalformedTokenException("the token's header has typ " + Texts.quote(typ) + "; expected 'JWT'");
        }
        if (header.has("crit")) {
            throw new MalformedTokenException("the token's header has a 'crit' member naming extensions this "
                    + "validator does not implement");
        }
        String x5t = header.string("x5t").orElse("");
        if (x5t.isEmpty()) {
            throw new MalformedTokenException("the token's header has no x5t, the thumbprint naming the "
                    + "certificate that signed it");
        }
        // Exchange's header also names the certificate as kid, in hex; one naming another certificate is forged.
        Object kid = header.asMap().get("kid");
        if (kid != null && !(kid instanceof String k && k.equalsIgnoreCase(hex(x5t)))) {
            throw new MalformedTokenException("the token's header has a kid that is not the x5t thumbprint in hex: "
                    + "the two name different certificates");
        }
        Claims payload = new Claims(json(decode(token, first + 1, second, "payload"), "payload"));
        byte[] signature = decode(token, second + 1, token.length(), "signature");
        byte[] signingInput = token.substring(0, second).getBytes(StandardCharsets.US_ASCII);
        return new JwsToken(header, payload, x5t, signingInput, signature);
    }

    /**
     * Strict base64url: the alphabet only, no padding, and the canonical encoding (unused trailing bits
     * zero), so there is exactly one spelling of every valid token.
     */
    private static byte[] decode(String token, int from, int to, String part) throws MalformedTokenException {
        if (from == to) throw new MalformedTokenException("the token's " + part + " part is empty");
        for (int i = from; i < to; i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                throw new MalformedTokenException("the token's " + part + " part is not base64url (RFC 4648 §5, "
                        + "no padding): it holds a character outside A-Z a-z 0-9 - _ at offset " + i);
            }
        }
        String text = token.substring(from, to);
        byte[] bytes;
        try {
            bytes = BASE64URL.decode(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedTokenException("the token's " + part + " part is not valid base64url: its length is impossible");
        }
        if (!BASE64URL_ENCODER.encodeToString(bytes).equals(text)) {
            throw new MalformedTokenException("the token's " + part + " part is not canonical base64url");
        }
        return bytes;
    }

    /** The x5t's bytes in hex, or "" if it is not base64url (then no kid can match it). */
    private static String hex(String x5t) {
        try {
            return java.util.HexFormat.of().formatHex(BASE64URL.decode(x5t));
        } catch (IllegalArgumentException notBase64) {
            return "";
        }
    }

    private static Map<String, Object> json(byte[] utf8, String part) throws MalformedTokenException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedTokenException("the token's " + part + " is not UTF-8");
        }
        try {
            return Json.parseObject(text, MAX_JSON_DEPTH);
        } catch (Json.SyntaxException e) {
            throw new MalformedTokenException("the token's " + part + " is not a JSON object: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JwsToken t && Arrays.equals(t.signingInput, signingInput)
                && Arrays.equals(t.signature, signature);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(signingInput) + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "JwsToken[x5t=" + keyId + "]"; // never the token: it is a bearer credential
    }
}
