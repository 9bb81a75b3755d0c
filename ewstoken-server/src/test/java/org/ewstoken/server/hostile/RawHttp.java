package org.ewstoken.server.hostile;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ewstoken.testkit.Credentials;

/**
 * HTTP/1.1 on a bare socket: sends exactly the bytes given (which java.net.http would refuse to send:
 * wrong lengths, smuggling headers, broken request lines) and parses the answer strictly, so a test
 * can insist that every answer is a well-formed HTTP response.
 */
public final class RawHttp {

    /** A parsed answer; header names are lower-cased. */
    public record Response(int status, String reason, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String t = text();
            return status + " " + reason + " " + headers + " " + (t.length() > 300 ? t.substring(0, 300) + "..." : t);
        }
    }

    private RawHttp() {
    }

    public static Response exchange(int port, byte[] request) throws IOException {
        return exchange(null, port, request, Duration.ofSeconds(20));
    }

    /** Sends {@code request} from {@code localAddress} (any loopback address, or null) and reads one response. */
    public static Response exchange(String localAddress, int port, byte[] request, Duration timeout) throws IOException {
        try (Socket socket = connect(localAddress, port, timeout)) {
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // The server may answer (413, 431) and close before it has read everything we send.
            }
            return read(socket.getInputStream());
        }
    }

    public static Socket connect(String localAddress, int port, Duration timeout) throws IOException {
        Socket socket = new Socket();
        if (localAddress != null) socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout((int) timeout.toMillis());
        return socket;
    }

    /** A POST with Host, Content-Length and Connection: close, plus the given header lines. */
    public static byte[] post(String path, byte[] body, String... headerLines) {
        return request("POST", path, body, headerLines);
    }

    /** A request with Host, Content-Length and Connection: close, plus the given header lines. */
    public static byte[] request(String method, String path, byte[] body, String... headerLines) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String h : headerLines) head.append(h).append("\r\n");
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        return concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
    }

    /** The Authorization header line for HTTP Basic. */
    public static String basic(String user, String password) {
        return "Authorization: " + Credentials.basic(user, password);
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Parses one response; fails if it is not well-formed HTTP/1.1. */
    public static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (!statusLine.matches("HTTP/1\\.[01] \\d{3}( .*)?")) throw new IOException("not an HTTP status line: " + statusLine);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon <= 0) throw new IOException("malformed header line: " + h);
            headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.substring(colon + 1).trim());
        }
        byte[] body;
        List<String> length = headers.get("content-length");
        List<String> encoding = headers.get("transfer-encoding");
        if (status == 204 || status == 304) {
            body = new byte[0];
        } else if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
            body = chunked(in);
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.get(0)));
            if (body.length != Integer.parseInt(length.get(0))) throw new EOFException("body shorter than Content-Length");
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, reason, headers, body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
            if (n == 0) {
                while (!line(in).isEmpty()) {
                    // trailers
                }
                return out.toByteArray();
            }
            byte[] chunk = in.readNBytes(n);
            if (chunk.length != n) throw new EOFException("truncated chunk");
            out.write(chunk);
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) throw new EOFException("connection closed mid-line: " + b.toString(StandardCharsets.ISO_8859_1));
            if (b.size() > 65536) throw new IOException("line too long");
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        if (!s.endsWith("\r")) throw new IOException("line not ended by CRLF: " + s);
        return s.substring(0, s.length() - 1);
    }
}
