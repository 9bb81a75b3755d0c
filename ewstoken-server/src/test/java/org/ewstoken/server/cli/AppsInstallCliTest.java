package org.ewstoken.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ewstoken.server.Installation;
import org.ewstoken.server.TestManifests;
import org.ewstoken.server.config.CoreSettings;
import org.ewstoken.server.config.ServerConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'apps install', 'apps show' and the per-user switches, run for real against a data directory. */
class AppsInstallCliTest {
    static final Map<String, String> ENV = Map.of("EWSTOKEN_ARGON2_MEMORY_KIB", "1024", "EWSTOKEN_ARGON2_ITERATIONS", "1");
    static final String CRM = "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
    /** The example in the repository, which the README and docs/addins.md use. */
    static final Path EXAMPLE = Path.of("../examples/contoso-crm-manifest.xml");

    @TempDir Path dir;

    private CliRunner.Result run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dir.resolve("data").toString();
        return CliRunner.run(ENV, "", all);
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result r = run(args);
        assertThat(r.exitCode()).as("exit code of %s: %s", String.join(" ", args), r.err()).isZero();
        return r;
    }

    private CliRunner.Result fails(String... args) {
        CliRunner.Result r = run(args);
        assertThat(r.exitCode()).as("exit code of %s", String.join(" ", args)).isEqualTo(1);
        return r;
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private Installation open() {
        return Installation.open(ServerConfig.defaults(Map.of(CoreSettings.DATA_DIR, dir.resolve("data").toString())));
    }

    @BeforeEach
    void users() {
        CliRunner.run(ENV, "s3cret-passw0rd\n", "users", "add", "alice@contoso.com", "--password-stdin", "--data-dir",
                dir.resolve("data").toString());
        CliRunner.run(ENV, "s3cret-passw0rd\n", "users", "add", "bob@contoso.com", "--password-stdin", "--data-dir",
                dir.resolve("data").toString());
    }

    @Test
    void theExampleManifestInstallsForTheOrganisationAndIsListedAndShown() throws Exception {
        String installed = ok("apps", "install", EXAMPLE.toString()).out();

        assertThat(installed).contains("installed add-in " + CRM + " (Contoso CRM 1.2.0.0, ReadWriteItem, organisation)")
                .contains("identity token audience: https://crm.contoso.com/outlook/read.html");
        assertThat(ok("apps", "list").out().lines()).anySatisfy(line -> assertThat(line)
                .containsSubsequence(CRM, "Contoso CRM", "1.2.0.0", "ReadWriteItem",
                        "https://crm.contoso.com/outlook/read.html", "organisation", "enabled, optional"));
        String shown = ok("apps", "show", CRM.toUpperCase()).out();
        assertThat(shown).contains("Version:", "1.2.0.0", "Provider:", "Contoso, Ltd", "XML schema 1.1",
                "Name (fr-FR):", "CRM de Contoso", "Requires:", "Mailbox 1.1", "Support:", "https://crm.contoso.com/support",
                "High-resolution icon:", "https://crm.contoso.com/outlook/icon-128.png");
        try (Installation inst = open()) {
            assertThat(inst.store().findManifest(CRM, null)).hasValueSatisfying(
                    b -> assertThat(b).isEqualTo(readExample()));
        }
    }

    private static byte[] readExample() {
        try {
            return Files.readAllBytes(EXAMPLE);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aHigherVersionUpgradesKeepingTheOptionsAndALowerOneIsRefused() throws Exception {
        ok("apps", "install", file("v1.xml", TestManifests.xml(CRM, "1.0", "ReadItem", "https://v1.contoso.com/", null))
                .toString(), "--mandatory", "--scope", "Mail.Read");

        String upgraded = ok("apps", "install", file("v2.xml", TestManifests.xml(CRM, "2.0", "ReadItem",
                "https://v2.contoso.com/", null)).toString()).out();
        CliRunner.Result older = fails("apps", "install", file("v15.xml", TestManifests.xml(CRM, "1.5", "ReadItem",
                "https://v1.contoso.com/", null)).toString());

        assertThat(upgraded).contains("upgraded add-in " + CRM).contains("was 1.0").contains("https://v2.contoso.com/");
        assertThat(older.err()).contains("version 2.0 of add-in " + CRM + " is installed").contains("has 1.5");
        assertThat(ok("apps", "list").out()).containsPattern(CRM + ".*2\\.0.*enabled, mandatory.*Mail\\.Read");
    }

    @Test
    void aBrokenManifestIsRefusedNamingTheProblemAndWhereAndNothingIsInstalled() throws Exception {
        Path broken = file("broken.xml", new String(TestManifests.xml(CRM, "1.0", "ReadItem", "http://plain.contoso.com/",
                null), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));

        CliRunner.Result r = fails("apps", "install", broken.toString());

        assertThat(r.err()).contains("broken.xml is refused").contains("is not an absolute https URL")
                .contains("line 13, column");
        assertThat(ok("apps", "list").out()).doesNotContain(CRM);
        assertThat(fails("apps", "install", dir.resolve("missing.xml").toString()).err()).contains("cannot read");
    }

    @Test
    void aUsersOwnInstallationIsSwitchedAndRemovedForThemAlone() throws Exception {
        Path m = file("m.xml", TestManifests.xml(CRM, "1.0", "ReadItem", "https://mine.contoso.com/", null));
        ok("apps", "install", m.toString(), "--user", "alice@contoso.com");
        ok("apps", "install", m.toString(), "--user", "bob@contoso.com");

        ok("apps", "disable", CRM, "--user", "alice@contoso.com");
        try (Installation inst = open()) {
            assertThat(inst.store().findAddInFor(CRM, "alice@contoso.com").orElseThrow().enabled()).isFalse();
            assertThat(inst.store().findAddInFor(CRM, "bob@contoso.com").orElseThrow().enabled()).isTrue();
        }
        ok("apps", "remove", CRM, "--user", "alice@contoso.com");
        assertThat(ok("apps", "list").out()).doesNotContain("alice@contoso.com").contains("bob@contoso.com");
        assertThat(fails("apps", "install", m.toString(), "--user", "bob@contoso.com", "--mandatory").err())
                .contains("apply to organisation add-ins");
    }

    @Test
    void aMandatoryAddInCannotBeDisabledForOneUser() throws Exception {
        ok("apps", "install", file("m.xml", TestManifests.xml(CRM, "1.0", "ReadItem", "https://m.contoso.com/", null))
                .toString(), "--mandatory");

        assertThat(fails("apps", "disable", CRM, "--user", "alice@contoso.com").err()).contains("is mandatory");
        ok("apps", "disable", CRM);
        assertThat(ok("apps", "list").out()).containsPattern(CRM + ".*disabled, mandatory");
    }

    @Test
    void aManifestIsDownloadedOverHttpsOnlyUnlessPlainHttpIsAllowed() throws Exception {
        byte[] manifest = TestManifests.xml(CRM, "3.0", "ReadItem", "https://dl.contoso.com/", null);
        HttpServer web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        web.createContext("/manifest.xml", x -> {
            x.sendResponseHeaders(200, manifest.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(manifest);
            }
        });
        web.start();
        try {
            String url = "http://127.0.0.1:" + web.getAddress().getPort() + "/manifest.xml";

            assertThat(fails("apps", "install", url).err()).contains("only https URLs can be fetched");
            assertThat(ok("apps", "install", url, "--allow-http").out()).contains("installed add-in " + CRM);
        } finally {
            web.stop(0);
        }
    }
}
