package org.ewstoken.front;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The user and domain names of an NTLM AUTHENTICATE message (MS-NLMP 2.2.1.3), which travel in clear: once the
 * upstream accepted the message, they say who signed the connection in. Only the two name fields are read, within
 * the message's bounds; nothing of the challenge responses. An {@code Authorization: NTLM} or {@code Negotiate}
 * value that is no AUTHENTICATE message (Kerberos, NEGOTIATE, garbage) reads as empty.
 *
 * @param domain the domain as the client sent it (NetBIOS or DNS name; may be empty when the user is a UPN)
 * @param user   the user name as the client sent it ({@code alice}, or a UPN {@code alice@contoso.com})
 */
record NtlmAuthenticate(String domain, String user) {

    /** Far above any AUTHENTICATE message (a few KiB with AV pairs); more is not one. */
    static final int MAX_CHARS = 16 * 1024;
    private static final int UNICODE = 0x00000001;

    static Optional<NtlmAuthenticate> read(String authorization) {
        if (authorization == null) return Optional.empty();
        String a = authorization.strip();
        int space = a.indexOf(' ');
        if (space < 0) return Optional.empty();
        String scheme = a.substring(0, space);
        if (!scheme.equalsIgnoreCase("NTLM") && !scheme.equalsIgnoreCase("Negotiate")) return Optional.empty();
        String b64 = a.substring(space + 1).strip();
        if (b64.length() > MAX_CHARS) return Optional.empty();
        byte[] m;
        try {
            m = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        m = unwrapped(m);
        if (m.length < 64) return Optional.empty();
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(8) != 3) return Optional.empty();
        Charset charset = (b.getInt(60) & UNICODE) != 0 ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1;
        String domain = field(b, 28, charset);
        String user = field(b, 36, charset);
        if (domain == null || user == null || user.isBlank()) return Optional.empty();
        return Optional.of(new NtlmAuthenticate(domain, user));
    }

    /**
     * The NTLMSSP message itself: as sent (NTLM, or raw in Negotiate, as Windows does over HTTP), or found inside a
     * SPNEGO token (its offsets count from the signature); empty when there is none.
     */
    private static byte[] unwrapped(byte[] token) {
        byte[] signature = "NTLMSSP\0".getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i + signature.length <= token.length; i++) {
            for (int j = 0; j < signature.length; j++) {
                if (token[i + j] != signature[j]) continue outer;
            }
            return java.util.Arrays.copyOfRange(token, i, token.length);
        }
        return new byte[0];
    }

    /** A (length, max length, offset) field's text, or null when it points outside the message. */
    private static String field(ByteBuffer b, int at, Charset charset) {
        int length = Short.toUnsignedInt(b.getShort(at));
        long offset = Integer.toUnsignedLong(b.getInt(at + 4));
        if (offset + length > b.capacity()) return null;
        byte[] text = new byte[length];
        b.get((int) offset, text);
        String s = new String(text, charset);
        return s.chars().anyMatch(c -> c < 0x20) ? null : s;
    }

    /** The name to look the mailbox up by: a UPN as it is, else the user name alone. */
    String name() {
        return user.strip();
    }
}
