package org.ewstoken.server.cli;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.ewstoken.server.http.ServerUrls;
import org.ewstoken.server.EwsTokenServer;
import org.ewstoken.server.Installation;
import org.ewstoken.server.admin.Actor;
import org.ewstoken.server.admin.AdminServices;
import org.ewstoken.server.config.ConsoleSettings;
import org.ewstoken.server.config.CoreSettings;
import org.ewstoken.server.config.FrontSettings;
import org.ewstoken.server.config.Setting;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.InstallScope;
import org.ewstoken.store.Permission;
import org.ewstoken.store.Store;
import org.ewstoken.store.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the server: EWS GetClientAccessToken at " + ServerUrls.EWS + ", the authentication "
                + "metadata document at " + ServerUrls.METADATA + ", the WSDL at " + ServerUrls.WSDL + ".")
final class ServeCommand extends InstallationCommand {

    static final String DEMO_USER = "demo@contoso.com";
    static final String DEMO_PASSWORD = "Demo-Passw0rd";
    static final String DEMO_ADDIN_ID = "1c50226d-04b5-4ab2-9fcd-42e236b59e4b";
    static final String DEMO_AUDIENCE = "https://localhost:3000/taskpane.html";
    static final String DEMO_ADMIN = "admin@contoso.com";
    static final String DEMO_ADMIN_PASSWORD = "Admin-Passw0rd";
    /**
     * The two demo passwords' Argon2id hashes, made once (ServeCommandTest checks that they verify): the passwords
     * are printed on every start anyway, and hashing them took two fifths of a second of every first start.
     */
    static final String DEMO_PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$6f0esvy7SLmXF6E9FOOTZw$"
            + "M9LKv294566MOJZxzmPERq9/Se6dcoFodHkpDdqYwz0";
    static final String DEMO_ADMIN_PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$FtGzlVDQsldox7O/cDLJOw$"
            + "PRQDhLdabQmp8WXT5Gynm5/qToz5Ed7W5IhLqPn2nwA";

    @Option(names = "--demo", description = "Seed a demo user and a demo add-in (if absent) and print their credentials.")
    boolean demo;
    @Option(names = "--port", description = "HTTP port (setting 'port').")
    Integer port;
    @Option(names = "--bind", description = "Listen address (setting 'bind').")
    String bind;
    @Option(names = "--public-url", description = "External base URL (setting 'public-url').")
    String publicUrl;
    @Option(names = "--upstream-ews-url", paramLabel = "<url>",
            description = "Front this EWS server: answer the token and add-in operations, forward the rest "
                    + "(setting 'upstream-ews-url'; docs/front.md).")
    String upstreamEwsUrl;
    @Option(names = "--upstream-user", paramLabel = "<user>",
            description = "Service account for callback-token requests (setting 'upstream-user').")
    String upstreamUser;
    @Option(names = "--upstream-password-file", paramLabel = "<file>",
            description = "File holding the service account's password (setting 'upstream-password-file').")
    String upstreamPasswordFile;

    ServeCommand(Cli cli) {
        super(cli);
    }

    @Override
    public Integer call() throws Exception {
        StartTimeline.mark("command line");
        Map<Setting, String> overrides = new HashMap<>();
        if (port != null) overrides.put(CoreSettings.PORT, port.toString());
        if (bind != null) overrides.put(CoreSettings.BIND, bind);
        if (publicUrl != null) overrides.put(CoreSettings.PUBLIC_URL, publicUrl);
        if (upstreamEwsUrl != null) overrides.put(FrontSettings.UPSTREAM_EWS_URL, upstreamEwsUrl);
        if (upstreamUser != null) overrides.put(FrontSettings.UPSTREAM_USER, upstreamUser);
        if (upstreamPasswordFile != null) overrides.put(FrontSettings.UPSTREAM_PASSWORD_FILE, upstreamPasswordFile);
        // The console is on by default only for the demo: an operator turns it on knowingly.
        if (demo && common.config(cli, overrides).console().enabled().isEmpty()) {
            overrides.put(ConsoleSettings.CONSOLE_ENABLED, "true");
        }
        EwsTokenServer server = EwsTokenServer.start(common.config(cli, overrides), Clock.systemUTC(), installation -> {
            StartTimeline.mark("database");
            if (demo) seedDemo(installation);
            StartTimeline.mark("demo");
        });
        StartTimeline.mark("server");
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "ewstoken-shutdown"));
        cli.out().println("ewstoken is serving " + server.urls().ews());
        cli.out().println("  metadata: " + server.publicUrl() + ServerUrls.METADATA);
        server.installation().config().front().ewsUrl()
                .ifPresent(u -> cli.out().println("  fronting: " + u + " (every other EWS request goes there)"));
        if (demo) {
            cli.out().println("  demo user: " + DEMO_USER + "  password: " + DEMO_PASSWORD);
            cli.out().println("  demo add-in: " + DEMO_ADDIN_ID.toUpperCase() + " (audience " + DEMO_AUDIENCE + ")");
            if (server.consoleUrl() != null) {
                cli.out().println("  console: " + server.consoleUrl() + "  administrator: " + DEMO_ADMIN + "  password: "
                        + DEMO_ADMIN_PASSWORD);
            }
        }
        String timeline = StartTimeline.line(cli.environment());
        if (timeline != null) cli.err().println(timeline);
        cli.out().flush();
        server.join();
        return 0;
    }

    /** Idempotent: a second --demo start finds the demo user and add-in and leaves them as they are. */
    static void seedDemo(Installation installation) throws Exception {
        Store store = installation.store();
        if (store.findUser(DEMO_USER).isEmpty()) {
            store.addUser(new User(DEMO_USER, "Demo User", UUID.randomUUID(), DEMO_PASSWORD_HASH, installation.clock().instant()));
        }
        if (store.findUser(DEMO_ADMIN).isEmpty()) {
            AdminServices.over(installation, null, installation.clock()).users().addHashed(Actor.commandLine(), DEMO_ADMIN,
                    "Demo Administrator", DEMO_ADMIN_PASSWORD_HASH, true);
        }
        if (store.findAddIn(DEMO_ADDIN_ID).isEmpty()) {
            store.addAddIn(new AddIn(DEMO_ADDIN_ID, "Demo Add-in", Permission.READ_WRITE_ITEM, DEMO_AUDIENCE,
                    Set.of("Mail.Read"), true, InstallScope.ORGANIZATION, null, installation.clock().instant()));
        }
    }

    static String settingsHelp() {
        StringBuilder sb = new StringBuilder("%nSettings (command-line option > environment variable > --config file > default):%n");
        for (Setting s : Setting.ALL) {
            sb.append(String.format("  %-26s %-36s default: %s%n", s.key(), s.environmentVariable(),
                    s.defaultValue().isEmpty() ? "(none)" : s.defaultValue()));
            sb.append("      ").append(s.description().replace("%", "%%")).append("%n");
        }
        sb.append("  The configuration file may also be named by EWSTOKEN_CONFIG.%n");
        return sb.toString();
    }
}
