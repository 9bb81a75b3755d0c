package org.ewstoken.server.cli;

import org.ewstoken.server.config.CoreSettings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.ewstoken.server.Installation;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.store.AddInClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code apps secret} and {@code --backend-audience}: an add-in back end as a token-exchange client, from the command line. */
class AppsClientCliTest {

    private static final String ADDIN = "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";

    @TempDir Path dir;

    private CliRunner.Result run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dir.toString();
        return CliRunner.run(CliTest.ENV, "", all);
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result r = run(args);
        assertThat(r.exitCode()).as("exit code of %s: %s", String.join(" ", args), r.err()).isZero();
        return r;
    }

    private AddInClient stored() {
        try (Installation inst = Installation.open(ServerConfig.defaults(Map.of(CoreSettings.DATA_DIR, dir.toString())))) {
            return inst.database().addInClients().find(ADDIN).orElseThrow();
        }
    }

    @Test
    void theSecretIsShownOnceKeptAsAHashAndRotatedByRunningAgain() {
        ok("apps", "add", "--id", ADDIN, "--name", "Helper", "--permission", "ReadItem",
                "--audience", "https://helper.contoso.com/read.html", "--backend-audience", "https://api.contoso.com/");
        assertThat(stored().backendAudience()).isEqualTo("https://api.contoso.com/");
        String first = ok("apps", "secret", ADDIN.toUpperCase()).out().strip();
        assertThat(first).matches("[A-Za-z0-9_-]{43}");
        String hash = stored().secretHash();
        assertThat(hash).startsWith("$argon2id$").doesNotContain(first);
        assertThat(ok("apps", "list").out() + ok("apps", "show", ADDIN).out()).doesNotContain(first);

        String second = ok("apps", "secret", ADDIN).out().strip();
        assertThat(second).isNotEqualTo(first);
        assertThat(stored().secretHash()).isNotEqualTo(hash);
        assertThat(stored().backendAudience()).as("kept").isEqualTo("https://api.contoso.com/");
    }

    @Test
    void updateSetsAndClearsTheBackEndAudienceAndRefusesWhatIsNotAnAbsoluteUri() {
        ok("apps", "add", "--id", ADDIN, "--name", "Helper", "--permission", "ReadItem",
                "--audience", "https://helper.contoso.com/read.html");
        ok("apps", "update", ADDIN, "--backend-audience", "api://contoso-helper");
        assertThat(stored().backendAudience()).isEqualTo("api://contoso-helper");
        CliRunner.Result bad = run("apps", "update", ADDIN, "--backend-audience", "not a uri");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("absolute URI");
        assertThat(stored().backendAudience()).isEqualTo("api://contoso-helper");
        ok("apps", "update", ADDIN, "--backend-audience", "");
        assertThat(stored().backendAudience()).isNull();
    }

    @Test
    void anUnknownAddInOrABadAudienceOnAddChangesNothing() {
        assertThat(run("apps", "secret", ADDIN).err()).contains("no add-in");
        assertThat(run("apps", "update", ADDIN, "--backend-audience", "https://a.example/").err()).contains("no add-in");
        CliRunner.Result bad = run("apps", "add", "--id", ADDIN, "--name", "Helper", "--permission", "ReadItem",
                "--audience", "https://helper.contoso.com/read.html", "--backend-audience", "relative/path");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(ok("apps", "list").out()).doesNotContain(ADDIN);
    }
}
