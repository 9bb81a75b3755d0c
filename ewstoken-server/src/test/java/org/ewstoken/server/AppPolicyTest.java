package org.ewstoken.server;

import org.ewstoken.server.config.Setting;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.ewstoken.server.SoapResponses.AppResponse;
import org.ewstoken.server.config.AddInPolicy;
import org.ewstoken.server.config.HardeningSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The add-in settings, each over HTTP against a server configured with it. */
class AppPolicyTest {
    static final String ID = "b0000000-0000-4000-8000-000000000001";

    @TempDir Path dir;

    /** A server of its own with this one policy setting (the policies are read at start), and Alice. */
    private TestServer aliceOn(Setting setting, String value) throws Exception {
        TestServer server = TestServer.start(dir, Map.of(setting, value));
        server.addUser(TestServer.ALICE);
        return server;
    }

    private static AppResponse call(TestServer server, String envelope, String operation) throws Exception {
        HttpResponse<String> r = server.soap(envelope, TestServer.ALICE, TestServer.PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SoapResponses.app(r.body(), operation);
    }

    @Test
    void whenUsersMayNotInstallAndNoMarketplaceIsConfiguredBothAnswerErrors() throws Exception {
        try (TestServer server = aliceOn(AddInPolicy.USER_ADD_INS, "false")) {

            AppResponse install = call(server, Envelopes.installApp(
                    TestManifests.xml(ID, "1.0", "ReadItem", "https://a.contoso.com/", null)), "InstallApp");
            AppResponse marketplace = call(server, Envelopes.app("Exchange2013", "<m:GetAppMarketplaceUrl/>"),
                    "GetAppMarketplaceUrl");

            assertThat(install.responseCode()).isEqualTo("ErrorAccessDenied");
            assertThat(server.server().installation().store().listAddIns()).isEmpty();
            assertThat(marketplace.responseClass()).isEqualTo("Error");
            assertThat(marketplace.responseCode()).isEqualTo("ErrorCannotGetExternalEcpUrl");
            assertThat(marketplace.text(SoapResponses.M, "AppMarketplaceUrl")).isNull();
        }
    }

    @Test
    void usersMayInstallReadWriteMailboxAddInsWhenTheOrganisationAllowsIt() throws Exception {
        try (TestServer server = aliceOn(AddInPolicy.USER_ADD_INS_READ_WRITE_MAILBOX, "true")) {

            AppResponse install = call(server, Envelopes.installApp(
                    TestManifests.xml(ID, "1.0", "ReadWriteMailbox", "https://rwm.contoso.com/", null)), "InstallApp");

            assertThat(install.responseCode()).isEqualTo("NoError");
            assertThat(install.text(SoapResponses.M, "WasFirstInstall")).isEqualTo("true");
        }
    }

    @Test
    void aUserInstallsAtMostTheAllowedNumberOfAddInsAndUpgradesDoNotCount() throws Exception {
        try (TestServer server = aliceOn(HardeningSettings.USER_ADD_INS_MAX, "3")) {
            server.addUser(TestServer.BOB);
            for (int i = 1; i <= 3; i++) {
                assertThat(call(server, Envelopes.installApp(TestManifests.xml(id(i), "1.0", "ReadItem",
                        "https://a" + i + ".contoso.com/", null)), "InstallApp").responseCode()).isEqualTo("NoError");
            }
            AppResponse fourth = call(server, Envelopes.installApp(TestManifests.xml(id(4), "1.0", "ReadItem",
                    "https://a4.contoso.com/", null)), "InstallApp");
            AppResponse upgrade = call(server, Envelopes.installApp(TestManifests.xml(id(1), "2.0", "ReadItem",
                    "https://a1.contoso.com/", null)), "InstallApp");
            HttpResponse<String> bobs = server.soap(Envelopes.installApp(TestManifests.xml(id(4), "1.0", "ReadItem",
                    "https://a4.contoso.com/", null)), TestServer.BOB, TestServer.PASSWORD);

            assertThat(fourth.responseClass()).isEqualTo("Error");
            assertThat(fourth.responseCode()).isEqualTo("ErrorQuotaExceeded");
            assertThat(upgrade.responseCode()).as("an upgrade adds nothing").isEqualTo("NoError");
            assertThat(SoapResponses.app(bobs.body(), "InstallApp").responseCode()).as("per mailbox").isEqualTo("NoError");
            assertThat(server.server().installation().store().listAddInsFor(TestServer.ALICE)).hasSize(3);
        }
    }

    @Test
    void installAppCallsAreLimitedPerHourBeforeAnyManifestIsParsed() throws Exception {
        try (TestServer server = aliceOn(HardeningSettings.USER_ADD_IN_INSTALLS_PER_HOUR, "4")) {
            server.addUser(TestServer.BOB);
            for (int i = 0; i < 4; i++) { // broken manifests count too: each costs parsing
                assertThat(call(server, Envelopes.installApp("not a manifest".getBytes()), "InstallApp").responseClass())
                        .isEqualTo("Error");
            }
            AppResponse limited = call(server, Envelopes.installApp(TestManifests.xml(id(1), "1.0", "ReadItem",
                    "https://a1.contoso.com/", null)), "InstallApp");
            HttpResponse<String> bobs = server.soap(Envelopes.installApp(TestManifests.xml(id(1), "1.0", "ReadItem",
                    "https://a1.contoso.com/", null)), TestServer.BOB, TestServer.PASSWORD);

            assertThat(limited.responseCode()).isEqualTo("ErrorServerBusy");
            assertThat(limited.text(SoapResponses.M, "MessageText")).contains("Try again in 60 minutes");
            assertThat(server.server().installation().store().listAddInsFor(TestServer.ALICE)).isEmpty();
            assertThat(SoapResponses.app(bobs.body(), "InstallApp").responseCode()).as("per mailbox").isEqualTo("NoError");
        }
    }

    private static String id(int n) {
        return "b0000000-0000-4000-8000-00000000000" + n;
    }
}
