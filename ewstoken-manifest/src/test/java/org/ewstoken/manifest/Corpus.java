package org.ewstoken.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The test manifests under src/test/resources/org/ewstoken/manifest/corpus. */
final class Corpus {
    private Corpus() {}

    static byte[] bytes(String name) {
        try (InputStream in = Corpus.class.getResourceAsStream("corpus/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus file " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
