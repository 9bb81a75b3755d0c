package org.ewstoken.server.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code serve}'s options read without picocli, for the start-up's sake: picocli builds its model of the root
 * command and of {@code serve} by reflection over their annotations before it parses anything, which was 0.1 to
 * 0.15 s of the main thread's CPU on every start (docs/benchmarks.md, "Issue 21, fourth session").
 *
 * <p>Only what has one meaning is read here: each of {@code serve}'s options at most once, as {@code --name value}
 * or {@code --name=value}, with a value that is not empty, does not begin with {@code -} or {@code @}, and
 * converts as picocli would convert it. Anything else (help, version, an unknown or repeated option, an
 * {@code @file}, a value picocli might read otherwise or refuse) gives null, and picocli reads the command line as
 * before, with its own answers. So the command line is the same; {@code ServeArgumentsTest} holds the two readings
 * to each other.
 */
final class ServeArguments {

    private ServeArguments() {
    }

    /** The {@code serve} command with its options set, or null when picocli is to read {@code args}. */
    static ServeCommand read(Cli cli, String... args) {
        if (args.length == 0 || !args[0].equals("serve")) return null;
        ServeCommand serve = new ServeCommand(cli);
        serve.common = new CommonOptions();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (!seen.add(name)) return null; // picocli: "should be specified only once"
            if (name.equals("--demo")) {
                if (equals >= 0) return null;
                serve.demo = true;
                continue;
            }
            String value = equals >= 0 ? arg.substring(equals + 1) : i + 1 < args.length ? args[++i] : "";
            if (value.isEmpty() || value.startsWith("-") || value.startsWith("@") || !set(serve, name, value)) {
                return null;
            }
        }
        return serve;
    }

    /** Sets one valued option as picocli's converters would; false for an unknown name or a doubtful value. */
    private static boolean set(ServeCommand serve, String name, String value) {
        try {
            switch (name) {
                case "--port" -> {
                    if (!digits(value)) return false; // picocli's Integer.valueOf, without its errors
                    serve.port = Integer.valueOf(value);
                }
                case "--bind" -> serve.bind = value;
                case "--public-url" -> serve.publicUrl = value;
                case "--upstream-ews-url" -> serve.upstreamEwsUrl = value;
                case "--upstream-user" -> serve.upstreamUser = value;
                case "--upstream-password-file" -> serve.upstreamPasswordFile = value;
                case "--config" -> serve.common.configFile = Path.of(value);
                case "--data-dir" -> serve.common.dataDir = Path.of(value);
                case "--master-key-file" -> serve.common.masterKeyFile = Path.of(value);
                default -> {
                    return false;
                }
            }
            return true;
        } catch (InvalidPathException e) {
            return false; // picocli names the option in its answer
        }
    }

    private static boolean digits(String value) {
        if (value.length() > 9) return false;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') return false;
        }
        return true;
    }
}
