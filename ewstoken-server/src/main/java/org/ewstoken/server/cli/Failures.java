package org.ewstoken.server.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ewstoken.server.admin.AdminRefusal;
import org.ewstoken.server.config.ConfigException;
import org.ewstoken.server.config.FileProblems;
import org.ewstoken.store.StoreException;
import picocli.CommandLine;

/**
 * What the command line prints when a command fails: one line a person can act on, never a stack
 * trace for a failure the program foresaw. An unforeseen one still gets one line naming its type;
 * its stack trace follows only with {@code EWSTOKEN_LOG_LEVEL=debug} (or trace).
 */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u) return sentence(FileProblems.describe(u));
        if (!unexpected(e)) return sentence(e.getMessage());
        if (e instanceof IOException io) return sentence(FileProblems.describe(io));
        String m = e.getMessage() == null ? "" : ": " + e.getMessage();
        return "unexpected " + e.getClass().getSimpleName() + m
                + " (EWSTOKEN_LOG_LEVEL=debug prints its stack trace; please report it)";
    }

    /** Whether the program foresaw this failure, so that its message is written for the user. */
    static boolean unexpected(Throwable e) {
        return !(e instanceof Main.CommandFailure || e instanceof AdminRefusal || e instanceof ConfigException
                || e instanceof StoreException
                || e instanceof IllegalArgumentException || e instanceof IllegalStateException)
                || e.getMessage() == null;
    }

    static boolean verbose(Map<String, String> environment) {
        String level = environment.getOrDefault("EWSTOKEN_LOG_LEVEL", "").toLowerCase(Locale.ROOT);
        return level.equals("debug") || level.equals("trace");
    }

    /** A wrong command line, in one line that says where the help is. */
    static String usage(CommandLine.ParameterException e) {
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        String message = sentence(e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException u && e.getCommandLine().getParent() == null
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            List<String> similar = u.getSuggestions();
            message = "unknown command '" + u.getUnmatched().get(0) + "'"
                    + (similar.isEmpty() ? "" : "; did you mean '" + similar.get(0) + "'?");
        }
        return message + " (see '" + command + " --help')";
    }

    /** Picocli's and the JDK's messages start in capitals and some end without a period: one style. */
    static String sentence(String message) {
        if (message == null || message.isBlank()) return "failed";
        String m = message.strip();
        if (m.length() > 1 && Character.isUpperCase(m.charAt(0)) && !Character.isUpperCase(m.charAt(1))) {
            m = Character.toLowerCase(m.charAt(0)) + m.substring(1);
        }
        return m;
    }
}
