package org.ewstoken.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Data at rest readable by its owner only: the data directory (0700) and the database with its
 * {@code -wal} and {@code -shm} files, export files (0600). The modes are set explicitly after creation,
 * so the umask cannot widen them. SQLite gives the {@code -wal} and {@code -shm} files the mode of the
 * database file, so creating that one 0600 before SQLite opens it covers all three. Existing files are
 * left as the operator made them, but {@link #openToOthers} says which ones others can read.
 * On a file system without POSIX permissions nothing is set or reported.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {
    }

    /** Creates {@code dir} (and missing parents, as usual) if absent; the directory itself gets mode 0700. */
    public static void directory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(dir)) return; // made meanwhile by someone else: theirs to set
            throw e; // a file of that name
        }
        restrict(dir, OWNER_DIRECTORY);
    }

    /** Creates an empty {@code file} with mode 0600 if absent; false if it existed. */
    public static boolean file(Path file) throws IOException {
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException existing) {
            return false;
        }
        restrict(file, OWNER_FILE);
        return true;
    }

    /** Sets mode 0600 on a file just created (an export, say). */
    public static void restrictFile(Path file) throws IOException {
        restrict(file, OWNER_FILE);
    }

    /** The given paths that exist and that others than the owner may read, write or enter, each with its mode. */
    public static List<String> openToOthers(Path... paths) {
        List<String> open = new ArrayList<>();
        for (Path p : paths) {
            mode(p).filter(m -> m.stream().anyMatch(GROUP_OR_OTHERS::contains))
                    .ifPresent(m -> open.add(p + " (" + PosixFilePermissions.toString(m) + ")"));
        }
        return open;
    }

    /** The permissions of {@code path}, or empty if it does not exist or the file system has none. */
    public static Optional<Set<PosixFilePermission>> mode(Path path) {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        try {
            return Optional.of(view.readAttributes().permissions());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> mode) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view != null) view.setPermissions(mode);
    }
}
