package org.ewstoken.tokens;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Streams JSON with one shared, thread-safe Jackson factory: members come out exactly in the order
 * written (the formats here fix the order) and no ObjectMapper is built per call.
 */
final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    @FunctionalInterface
    interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private Json() {
    }

    /** UTF-8 bytes of what {@code body} writes. */
    static byte[] write(int sizeHint, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing JSON to memory", e);
        }
        return out.toByteArray();
    }
}
