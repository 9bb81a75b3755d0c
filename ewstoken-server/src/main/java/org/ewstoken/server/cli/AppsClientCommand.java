package org.ewstoken.server.cli;

import org.ewstoken.server.Installation;
import org.ewstoken.server.admin.Actor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** An add-in's back end as an OAuth client of the token exchange: its secret and its back-end audience. */
final class AppsClientCommand {

    private AppsClientCommand() {
    }

    @Command(name = "secret", mixinStandardHelpOptions = true,
            description = "Make the add-in back end's client secret for token exchange, and print it once. Running it"
                    + " again makes a new one; the old one stops working at once.")
    static final class Secret extends InstallationCommand {
        @Parameters(paramLabel = "ID") String id;

        Secret(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() {
            int code = inInstallation(inst -> admin(inst).clients().newSecret(Actor.commandLine(), id));
            cli.err().println("the client secret of add-in " + AppsCommand.AddInIds.shown(id)
                    + ", shown this once: keep it in the back end's secret store");
            return code;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change an add-in's settings.")
    static final class Update extends InstallationCommand {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--backend-audience", paramLabel = "URI", required = true, description = "The aud of the access"
                + " tokens its back end gets by token exchange, e.g. https://api.contoso.com/ ('' clears it).")
        String backendAudience;

        Update(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() {
            return inInstallation(inst -> {
                backendAudience(inst, id, backendAudience);
                return "updated add-in " + AppsCommand.AddInIds.shown(id) + ": back-end audience "
                        + (backendAudience.isBlank() ? "cleared" : backendAudience.strip());
            });
        }
    }

    /** Sets (blank: clears) the back-end audience through the service the admin API uses too. */
    static void backendAudience(Installation inst, String id, String audience) {
        InstallationCommand.admin(inst).clients().setBackendAudience(Actor.commandLine(), id, audience);
    }
}
