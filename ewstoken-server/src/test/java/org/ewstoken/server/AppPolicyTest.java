package org.ewstoken.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.ewstoken.server.SoapResponses.AppResponse;
import org.ewstoken.server.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The add-in settings, each over HTTP against a server configured with it. */
class AppPolicyTest {
    static final String ID = "b0000000-0000-4000-8000-000000000001";

    @TempDir Path dir;

    private static AppResponse call(TestServer server, String envelope, String operation) throws Exception {
        HttpResponse<String> r = server.soap(envelope, TestServer.ALICE, TestServer.PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SoapResponses.app(r.body(), operation);
    }

    @Test
    void whenUsersMayNotInstallAndNoMarketplaceIsConfiguredBothAnswerErrors() throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of(Setting.USER_ADD_INS, "false"))) {
            server.addUser(TestServer.ALICE);

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
        try (TestServer server = TestServer.start(dir, Map.of(Setting.USER_ADD_INS_READ_WRITE_MAILBOX, "true"))) {
            server.addUser(TestServer.ALICE);

            AppResponse install = call(server, Envelopes.installApp(
                    TestManifests.xml(ID, "1.0", "ReadWriteMailbox", "https://rwm.contoso.com/", null)), "InstallApp");

            assertThat(install.responseCode()).isEqualTo("NoError");
            assertThat(install.text(SoapResponses.M, "WasFirstInstall")).isEqualTo("true");
        }
    }
}
