package org.ewstoken.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * SQLite's native library, kept in a directory the launcher names (beside the jar, with its class-data archive)
 * instead of extracted anew on every start. By default sqlite-jdbc copies it out of the jar into the temporary
 * directory and compares the copy with the jar's byte by byte: a tenth of a second of CPU per start, half of it the
 * JIT compiling that loop. The kept copy is named by sqlite-jdbc's version and the platform's library folder, written
 * once (to a temporary name, then moved into place, so a reader never sees half a file), and found by sqlite-jdbc's
 * own {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name}. Without the directory, or if anything here fails,
 * sqlite-jdbc extracts as before (it also falls back to that if the kept copy does not load).
 */
final class SqliteLibrary {

    /** Set by the launcher ({@code ./ewstoken}) to a directory of its own, writable by the user it runs as. */
    static final String DIRECTORY_PROPERTY = "ewstoken.native-dir";

    private SqliteLibrary() {
    }

    /** Points sqlite-jdbc at the kept copy, making it first if needed; a no-op without {@link #DIRECTORY_PROPERTY}. */
    static synchronized void useKeptCopy() {
        String dir = System.getProperty(DIRECTORY_PROPERTY);
        if (dir == null || dir.isBlank() || System.getProperty("org.sqlite.lib.path") != null) return;
        try {
            String folder = LibraryLoaderUtil.getNativeLibResourcePath(); // e.g. /org/sqlite/native/Linux/x86_64
            String name = LibraryLoaderUtil.getNativeLibName();
            String platform = folder.substring(folder.lastIndexOf("/native/") + "/native/".length()).replace('/', '-');
            Path kept = Path.of(dir).resolve("sqlite-" + SQLiteJDBCLoader.getVersion() + "-" + platform + "-" + name);
            if (!Files.isRegularFile(kept) && !copy(folder + "/" + name, kept)) return;
            System.setProperty("org.sqlite.lib.path", kept.getParent().toString());
            System.setProperty("org.sqlite.lib.name", kept.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            // sqlite-jdbc extracts it as it always did
        }
    }

    private static boolean copy(String resource, Path kept) throws IOException {
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) return false; // no bundled library for this platform: sqlite-jdbc says so itself
            Path partial = Files.createTempFile(kept.getParent(), kept.getFileName().toString(), ".partial");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, kept, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
            return true;
        }
    }
}
