package org.ewstoken.server.cli;

import picocli.CommandLine.Option;

/** How a command that sets a password gets it: the same two options wherever a password is set. */
final class PasswordOptions {

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean fromStdin;

    @Option(names = "--generate-password", description = "Generate a password and print it once.")
    boolean generate;

    /** The new password: generated, read from standard input, or asked at the terminal. */
    char[] newPassword(Cli cli) {
        return Passwords.newPassword(cli, fromStdin, generate);
    }

    /** A generated password is printed this once: it is stored only as a hash. */
    void showGenerated(Cli cli, char[] password) {
        if (generate) cli.out().println("password: " + new String(password));
    }
}
