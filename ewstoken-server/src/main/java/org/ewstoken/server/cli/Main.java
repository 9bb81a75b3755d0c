package org.ewstoken.server.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.ewstoken.server.config.ConfigException;
import org.ewstoken.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ewstoken}: the command line. Every command is registered here, explicitly. */
@Command(name = "ewstoken", mixinStandardHelpOptions = true, version = "ewstoken 0.1.0",
        description = "Exchange-compatible client access token service (EWS GetClientAccessToken).",
        subcommandsRepeatable = false)
public final class Main {

    public static void main(String[] args) {
        Cli cli = new Cli(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.getenv(),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        int code = run(cli, args);
        System.exit(code);
    }

    /** Runs one command line; returns the process exit code. */
    public static int run(Cli cli, String... args) {
        CommandLine root = new CommandLine(new Main())
                .addSubcommand("serve", serve(cli))
                .addSubcommand("users", new CommandLine(new UsersCommand())
                        .addSubcommand("add", new UsersCommand.Add(cli))
                        .addSubcommand("list", new UsersCommand.ListUsers(cli))
                        .addSubcommand("remove", new UsersCommand.Remove(cli))
                        .addSubcommand("passwd", new UsersCommand.Passwd(cli)))
                .addSubcommand("apps", new CommandLine(new AppsCommand())
                        .addSubcommand("add", new AppsCommand.Add(cli))
                        .addSubcommand("install", new AppsInstallCommand(cli))
                        .addSubcommand("show", new AppsShowCommand(cli))
                        .addSubcommand("list", new AppsCommand.ListApps(cli))
                        .addSubcommand("remove", new AppsCommand.Remove(cli))
                        .addSubcommand("enable", new AppsCommand.Enable(cli))
                        .addSubcommand("disable", new AppsCommand.Disable(cli)))
                .addSubcommand("keys", new CommandLine(new KeysCommand())
                        .addSubcommand("list", new KeysCommand.ListKeys(cli))
                        .addSubcommand("rotate", new KeysCommand.Rotate(cli))
                        .addSubcommand("import", new KeysCommand.Import(cli)))
                .addSubcommand("token", new CommandLine(new TokenCommand())
                        .addSubcommand("decode", new TokenCommand.Decode(cli))
                        .addSubcommand("validate", new TokenCommand.Validate(cli)))
                .addSubcommand("migrate", new MigrateCommand(cli))
                .addSubcommand("store", new CommandLine(new StoreCommand())
                        .addSubcommand("export", new StoreCommand.Export(cli))
                        .addSubcommand("import", new StoreCommand.Import(cli)));
        root.setOut(cli.out());
        root.setErr(cli.err());
        root.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CommandFailure || e instanceof ConfigException || e instanceof StoreException
                    || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                cli.err().println("ewstoken: " + e.getMessage());
                cli.err().flush();
                return 1;
            }
            throw e;
        });
        int code = root.execute(args);
        cli.out().flush();
        cli.err().flush();
        return code;
    }

    private static CommandLine serve(Cli cli) {
        CommandLine serve = new CommandLine(new ServeCommand(cli));
        serve.getCommandSpec().usageMessage().footer(ServeCommand.settingsHelp());
        return serve;
    }

    /** A command that cannot do what was asked; the message says why. */
    static final class CommandFailure extends RuntimeException {
        CommandFailure(String message) {
            super(message);
        }
    }
}
