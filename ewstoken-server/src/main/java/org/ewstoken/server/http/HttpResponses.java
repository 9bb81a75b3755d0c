package org.ewstoken.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The few ways this server answers: whole bodies, written at once. */
public final class HttpResponses {

    public static final String XML = "text/xml; charset=utf-8";
    public static final String JSON = "application/json; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";

    /** Made on first use, not when the server starts. */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    private HttpResponses() {
    }

    public static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    public static void text(Response response, Callback callback, int status, String message) {
        send(response, callback, status, TEXT, (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public static void empty(Response response, Callback callback, int status) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        response.write(true, null, callback);
    }

    /** An OAuth endpoint's answer (token exchange, introspection): JSON, never cached (RFC 6749 §5.1). */
    public static void uncachedJson(Response response, Callback callback, int status, Map<String, Object> body) {
        byte[] bytes;
        try {
            bytes = Mapper.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a JSON answer", e);
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.PRAGMA, "no-cache");
        send(response, callback, status, JSON, bytes);
    }
}
