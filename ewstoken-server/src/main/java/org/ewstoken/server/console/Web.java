package org.ewstoken.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** How the console and the admin API answer: whole bodies, strict security headers, RFC 9457 problems. */
final class Web {

    static final String JSON = "application/json; charset=utf-8";
    static final String PROBLEM = "application/problem+json; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";
    /**
     * No inline script or style anywhere; images may come from https (add-in icons named by manifests)
     * or data: URLs; nothing may frame the console.
     */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Web() {
    }

    /** A request the API refuses, answered as a problem detail. */
    static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String title;

        Problem(int status, String title, String detail) {
            super(detail, null, false, false);
            this.status = status;
            this.title = title;
        }
    }

    static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        var h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, contentType);
        h.put(HttpHeader.CONTENT_LENGTH, body.length);
        h.put("Content-Security-Policy", CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "no-referrer");
        h.put("X-Frame-Options", "DENY");
        if (!h.contains(HttpHeader.CACHE_CONTROL)) h.put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    static void json(Response response, Callback callback, int status, Object body) {
        try {
            send(response, callback, status, JSON, MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RFC 9457 problem detail: type, title, status, detail, instance. */
    static void problem(Request request, Response response, Callback callback, int status, String title, String detail) {
        if (request.getLength() != 0) {
            // A refusal leaves the request body unread: the connection cannot carry another request, and
            // saying so stops a client from sending its next one on a connection the server is closing.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        p.put("instance", Request.getPathInContext(request));
        try {
            send(response, callback, status, PROBLEM, MAPPER.writeValueAsBytes(p));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void redirect(Response response, Callback callback, String location) {
        response.getHeaders().put(HttpHeader.LOCATION, location);
        send(response, callback, 303, "text/plain; charset=utf-8", new byte[0]);
    }

    /** The body, at most {@code max} bytes; more is a 413 problem. */
    static byte[] body(Request request, int max) {
        // A declared length over the bound is refused before the body is read, so "Expect: 100-continue" is not answered.
        if (request.getLength() > max) throw new Problem(413, "Content Too Large", "the body is larger than " + max + " bytes");
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) throw new Problem(413, "Content Too Large", "the body is larger than " + max + " bytes");
            return b;
        } catch (IOException e) {
            throw new Problem(400, "Bad Request", "the request body could not be read");
        }
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
