package org.ewstoken.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * The cause of a failed file operation in words: the JDK's {@code NoSuchFileException} says only the
 * file's name, which made messages such as "cannot read X: X".
 */
public final class FileProblems {

    private FileProblems() {
    }

    /** "no such file", "permission denied", "it is a directory"...: what to put after "cannot read X: ". */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return n.getOtherFile() == null && n.getReason() == null ? "no such file or directory"
                    : "no such file or directory (" + (n.getReason() != null ? n.getReason() : n.getOtherFile()) + ")";
        }
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileAlreadyExistsException) return "it exists already";
        if (e instanceof NotDirectoryException) return "not a directory";
        if (e instanceof DirectoryNotEmptyException) return "the directory is not empty";
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().equals("Is a directory") ? "it is a directory, not a file"
                    : f.getReason().substring(0, 1).toLowerCase(Locale.ROOT) + f.getReason().substring(1);
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        if (m.equals("Is a directory")) return "it is a directory, not a file";
        return m.length() > 1 && Character.isUpperCase(m.charAt(0)) && Character.isLowerCase(m.charAt(1))
                ? Character.toLowerCase(m.charAt(0)) + m.substring(1) : m;
    }

    /** The same for an {@link UncheckedIOException}: its own message when it has one, then the cause. */
    public static String describe(UncheckedIOException e) {
        String cause = describe(e.getCause());
        String m = e.getMessage();
        return m == null || m.equals(e.getCause().toString()) ? cause : m + ": " + cause;
    }
}
