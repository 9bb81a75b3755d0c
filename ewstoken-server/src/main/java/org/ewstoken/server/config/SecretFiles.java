package org.ewstoken.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Secrets named by a {@code *-file} setting: the file's first line, stripped. A file keeps the secret
 * out of the environment and of {@code ps}; it is read when the secret is needed, not when the
 * configuration is resolved.
 */
final class SecretFiles {

    private SecretFiles() {
    }

    /** The first line ("" for an empty file); a file that cannot be read fails naming its setting. */
    static String firstLine(Setting s, Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : lines.get(0).strip();
        } catch (IOException e) {
            throw new ConfigException("cannot read " + s.key() + " " + file + ": " + FileProblems.describe(e));
        }
    }
}
