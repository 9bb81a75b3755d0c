package org.ewstoken.server.cli;

import java.io.Console;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.ewstoken.server.admin.UserAdmin;

/** Reads a new password without it ever being a command-line argument (which other users can see). */
final class Passwords {

    private static final char[] ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private Passwords() {
    }

    /** The password a user asked for: generated, read from standard input, or asked at the terminal. */
    static char[] newPassword(Cli cli, boolean fromStdin, boolean generate) {
        if (fromStdin && generate) {
            throw new Main.CommandFailure("--password-stdin and --generate-password exclude each other: give one of them");
        }
        return generate ? generate() : read(cli, fromStdin);
    }

    static char[] read(Cli cli, boolean fromStdin) {
        char[] password;
        if (fromStdin) {
            try {
                String line = cli.stdin().readLine();
                if (line == null) throw new Main.CommandFailure("no password on standard input");
                password = line.toCharArray();
            } catch (IOException e) {
                throw new Main.CommandFailure("cannot read the password from standard input");
            }
        } else {
            Console console = System.console();
            if (console == null) {
                throw new Main.CommandFailure("no terminal to ask for a password: use --password-stdin "
                        + "or --generate-password");
            }
            password = console.readPassword("New password: ");
            char[] again = console.readPassword("Repeat it: ");
            boolean same = password != null && Arrays.equals(password, again);
            if (again != null) Arrays.fill(again, '\0');
            if (!same) throw new Main.CommandFailure("the passwords do not match");
        }
        try {
            UserAdmin.checkPassword(password);
        } catch (RuntimeException e) {
            Arrays.fill(password, '\0');
            throw e;
        }
        return password;
    }

    static char[] generate() {
        SecureRandom random = new SecureRandom();
        char[] out = new char[20];
        for (int i = 0; i < out.length; i++) out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        return out;
    }
}
