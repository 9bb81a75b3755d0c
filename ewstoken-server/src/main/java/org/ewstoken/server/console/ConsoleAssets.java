package org.ewstoken.server.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The console's files, shipped in the jar: pages, one script, one style sheet, the OpenAPI document. */
final class ConsoleAssets {

    private static final String BASE = "/org/ewstoken/server/console/";
    static final Map<String, String> TYPES = Map.of(
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private ConsoleAssets() {
    }

    static byte[] read(String name) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(BASE + name)) {
            if (in == null) throw new IllegalStateException("missing console asset " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
