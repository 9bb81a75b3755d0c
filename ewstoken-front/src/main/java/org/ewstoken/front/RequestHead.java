package org.ewstoken.front;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/** The bytes of an HTTP/1.1 request head, written into the connection's reusable array. */
final class RequestHead {

    private RequestHead() {
    }

    static ByteBuffer write(UpstreamConnection c, String method, String target, HttpFields fields) {
        int size = method.length() + target.length() + 16;
        for (HttpField f : fields) size += f.getName().length() + (f.getValue() == null ? 0 : f.getValue().length()) + 4;
        byte[] b = c.head.length >= size ? c.head : (c.head = new byte[Math.max(size, c.head.length * 2)]);
        int i = put(b, 0, method);
        b[i++] = ' ';
        i = put(b, i, target);
        i = put(b, i, " HTTP/1.1\r\n");
        for (HttpField f : fields) {
            i = put(b, i, f.getName());
            b[i++] = ':';
            b[i++] = ' ';
            if (f.getValue() != null) i = put(b, i, f.getValue());
            b[i++] = '\r';
            b[i++] = '\n';
        }
        b[i++] = '\r';
        b[i++] = '\n';
        return ByteBuffer.wrap(b, 0, i);
    }

    /** ISO-8859-1, as HTTP headers are; a character beyond it (never in what Jetty's parser accepted) becomes '?'. */
    private static int put(byte[] b, int at, String s) {
        for (int k = 0, n = s.length(); k < n; k++) {
            char ch = s.charAt(k);
            b[at++] = ch < 256 ? (byte) ch : (byte) '?';
        }
        return at;
    }
}
