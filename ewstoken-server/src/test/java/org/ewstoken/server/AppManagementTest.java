package org.ewstoken.server;

import org.ewstoken.server.config.AddInPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.server.Envelopes.app;
import static org.ewstoken.server.Envelopes.disableApp;
import static org.ewstoken.server.Envelopes.getClientAccessToken;
import static org.ewstoken.server.Envelopes.installApp;
import static org.ewstoken.server.Envelopes.tokenRequest;
import static org.ewstoken.server.Envelopes.uninstallApp;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ewstoken.manifest.ManifestParser;
import org.ewstoken.server.SoapResponses.AppResponse;
import org.ewstoken.server.SoapResponses.Message;
import org.ewstoken.server.addins.AddInRegistry;
import org.ewstoken.server.addins.InstallTarget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The EWS app-management operations over HTTP against the real server, each response validated against the
 * project's schema and the official one; and GetClientAccessToken following every change at once.
 */
class AppManagementTest {
    static final String MARKETPLACE = "https://store.contoso.com/addins?market=en-US&x=1";

    @RegisterExtension
    static final TestServer server = TestServer.perClass(Map.of(AddInPolicy.APP_MARKETPLACE_URL, MARKETPLACE));
    static int next;

    @BeforeAll
    static void start() throws Exception {
        server.addUser(TestServer.ALICE);
        server.addUser(TestServer.BOB);
    }

    /** A fresh add-in id per use, so the tests share one server without seeing each other's add-ins. */
    static synchronized String newId() {
        return String.format("a0000000-0000-4000-8000-%012d", ++next);
    }

    static AppResponse call(String user, String envelope, String operation) throws Exception {
        HttpResponse<String> r = server.soap(envelope, user, TestServer.PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SoapResponses.app(r.body(), operation);
    }

    static AppResponse install(String user, byte[] manifest) throws Exception {
        return call(user, installApp(manifest), "InstallApp");
    }

    static Message token(String user, String id) throws Exception {
        HttpResponse<String> r = server.soap(getClientAccessToken("Exchange2013", tokenRequest(id, "CallerIdentity")),
                user, TestServer.PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SoapResponses.messages(r.body()).get(0);
    }

    static AppResponse manifests(String user, String version, String content) throws Exception {
        return call(user, app(version, "<m:GetAppManifests>" + content + "</m:GetAppManifests>"), "GetAppManifests");
    }

    /** What an administrator does with 'apps install': the same registry, through the server's own store. */
    static void installForOrganisation(byte[] manifest, boolean mandatory, boolean byDefault) throws Exception {
        new AddInRegistry(server.server().installation().store(), Clock.systemUTC()).install(
                new ManifestParser().parse(manifest), manifest, new InstallTarget.Organisation(Optional.of(mandatory),
                        Optional.of(byDefault), Optional.empty(), Optional.empty()));
    }

    static boolean listed(AppResponse r, byte[] manifest) {
        return r.manifests().stream().anyMatch(m -> Arrays.equals(m, manifest));
    }

    @Test
    void anInstalledManifestIsListedByGetAppManifestsAndItsSourceLocationIsTheTokensAudience() throws Exception {
        String id = newId();
        byte[] manifest = TestManifests.xml(id, "1.0.0.0", "ReadItem", "https://crm.contoso.com/read.html", "1.1");

        AppResponse installed = install(TestServer.ALICE, manifest);

        assertThat(installed.responseClass()).isEqualTo("Success");
        assertThat(installed.responseCode()).isEqualTo("NoError");
        assertThat(installed.text(SoapResponses.M, "WasFirstInstall")).isEqualTo("true");
        assertThat(installed.text(SoapResponses.T, "Id")).isEqualTo(id);
        assertThat(installed.text(SoapResponses.T, "Enabled")).isEqualTo("true");
        assertThat(installed.text(SoapResponses.T, "Version")).isEqualTo("1.0.0.0");
        assertThat(installed.text(SoapResponses.T, "ProviderName")).isEqualTo("Contoso");

        AppResponse list = manifests(TestServer.ALICE, "Exchange2013", "");
        assertThat(list.responseCode()).isEqualTo("NoError");
        assertThat(list.hasChild("Manifests")).as("Exchange 2013 form").isTrue();
        assertThat(listed(list, manifest)).isTrue();
        assertThat(listed(manifests(TestServer.BOB, "Exchange2013", ""), manifest)).as("alice's own").isFalse();

        Message token = token(TestServer.ALICE, id.toUpperCase());
        assertThat(token.responseCode()).isEqualTo("NoError");
        assertThat(Jwts.payload(token.tokenValue()).get("aud").asText()).isEqualTo("https://crm.contoso.com/read.html");
        assertThat(token(TestServer.BOB, id).responseCode()).isEqualTo("ErrorExtensionNotFound");
    }

    @Test
    void fromExchange2013Sp1OnManifestsComeAsAppsWithTheirState() throws Exception {
        String optional = newId();
        String mandatory = newId();
        byte[] optionalManifest = TestManifests.xml(optional, "1.0", "ReadItem", "https://o.contoso.com/", null);
        byte[] mandatoryManifest = TestManifests.xml(mandatory, "1.0", "ReadItem", "https://m.contoso.com/", null);
        installForOrganisation(optionalManifest, false, true);
        installForOrganisation(mandatoryManifest, true, true);
        call(TestServer.BOB, disableApp(optional, "NoReason"), "DisableApp");

        AppResponse bobs = manifests(TestServer.BOB, "Exchange2013_SP1",
                "<m:IncludeAllInstalledAddIns>true</m:IncludeAllInstalledAddIns><m:ExtensionIds>" + optional + " "
                        + mandatory + "</m:ExtensionIds>");

        assertThat(bobs.hasChild("Apps")).isTrue();
        assertThat(bobs.apps()).hasSize(2);
        assertThat(bobs.apps()).extracting(a -> SoapResponses.AppResponseText.of(a, "EnabledStatus") + "/"
                + SoapResponses.AppResponseText.of(a, "IsMandatory")).containsExactly("false/false", "true/true");
        assertThat(manifests(TestServer.BOB, null, "").apps()).as("no version: the newest form, enabled ones only")
                .extracting(a -> SoapResponses.AppResponseText.of(a, "EnabledStatus")).containsOnly("true");
        assertThat(listed(manifests(TestServer.ALICE, "Exchange2013", ""), optionalManifest)).as("alice made no choice")
                .isTrue();
    }

    @Test
    void theClientsApiAndSchemaVersionsDecideWhichManifestsItGets() throws Exception {
        String user = "carol@contoso.com";
        server.addUser(user);
        byte[] schema10 = TestManifests.xml10(newId(), "1.0", "ReadItem", "https://a.contoso.com/");
        byte[] mailbox13 = TestManifests.xml(newId(), "1.0", "ReadItem", "https://b.contoso.com/", "1.3");
        byte[] unified = TestManifests.json(newId(), "1.0.0", "https://c.contoso.com/", "1.1");
        for (byte[] m : List.of(schema10, mailbox13, unified)) {
            assertThat(install(user, m).responseCode()).isEqualTo("NoError");
        }

        AppResponse all = manifests(user, "Exchange2013", "");
        AppResponse oldClient = manifests(user, "Exchange2013",
                "<m:ApiVersionSupported>1.1</m:ApiVersionSupported><m:SchemaVersionSupported>1.0</m:SchemaVersionSupported>");
        AppResponse xmlOnly = manifests(user, "Exchange2013",
                "<m:ApiVersionSupported>1.5</m:ApiVersionSupported><m:SchemaVersionSupported>1.1</m:SchemaVersionSupported>");

        // Organisation add-ins of other tests may be listed too: only these three are looked at.
        assertThat(List.of(listed(all, schema10), listed(all, mailbox13), listed(all, unified)))
                .containsExactly(true, true, true);
        assertThat(List.of(listed(oldClient, schema10), listed(oldClient, mailbox13), listed(oldClient, unified)))
                .containsExactly(true, false, false);
        assertThat(List.of(listed(xmlOnly, schema10), listed(xmlOnly, mailbox13), listed(xmlOnly, unified)))
                .as("a 1.17 unified manifest is beyond schema 1.1").containsExactly(true, true, false);

        AppResponse bad = manifests(user, "Exchange2013", "<m:ApiVersionSupported>latest</m:ApiVersionSupported>");
        assertThat(bad.responseClass()).isEqualTo("Error");
        assertThat(bad.responseCode()).isEqualTo("ErrorInvalidRequest");
        assertThat(bad.messageText()).contains("ApiVersionSupported");
    }

    @Test
    void installDisableErrorEnableTokenCycle() throws Exception {
        String id = newId();
        byte[] manifest = TestManifests.xml(id, "2.0", "ReadWriteItem", "https://cycle.contoso.com/app.html", null);
        install(TestServer.ALICE, manifest);
        assertThat(token(TestServer.ALICE, id).responseCode()).isEqualTo("NoError");

        AppResponse disabled = call(TestServer.ALICE, disableApp(id, "OutlookClientPerformance"), "DisableApp");
        assertThat(disabled.responseCode()).isEqualTo("NoError");
        Message refused = token(TestServer.ALICE, id);
        assertThat(refused.responseCode()).isEqualTo("ErrorInvalidClientAccessTokenRequest");
        assertThat(refused.messageText()).contains("disabled");
        assertThat(listed(manifests(TestServer.ALICE, "Exchange2013", ""), manifest)).isFalse();

        AppResponse enabled = install(TestServer.ALICE, manifest); // installing again turns it back on
        assertThat(enabled.responseCode()).isEqualTo("NoError");
        assertThat(enabled.text(SoapResponses.M, "WasFirstInstall")).isEqualTo("false");
        assertThat(enabled.text(SoapResponses.T, "Enabled")).isEqualTo("true");
        assertThat(token(TestServer.ALICE, id).responseCode()).isEqualTo("NoError");

        server.server().installation().store().setAddInEnabled(id, false); // the administrator's switch
        assertThat(token(TestServer.ALICE, id).responseCode()).isEqualTo("ErrorInvalidClientAccessTokenRequest");
        server.server().installation().store().setAddInEnabled(id, true);
        assertThat(token(TestServer.ALICE, id).responseCode()).isEqualTo("NoError");

        assertThat(call(TestServer.ALICE, uninstallApp(id), "UninstallApp").responseCode()).isEqualTo("NoError");
        assertThat(token(TestServer.ALICE, id).responseCode()).isEqualTo("ErrorExtensionNotFound");
        assertThat(call(TestServer.ALICE, uninstallApp(id), "UninstallApp").responseCode())
                .isEqualTo("ErrorExtensionNotFound");
    }

    @Test
    void anUpgradeChangesTheAudienceAtOnceAndAnOlderVersionIsRefused() throws Exception {
        String id = newId();
        install(TestServer.ALICE, TestManifests.xml(id, "1.5", "ReadItem", "https://v1.contoso.com/", null));
        call(TestServer.ALICE, disableApp(id, "NoReason"), "DisableApp");

        AppResponse upgraded = install(TestServer.ALICE,
                TestManifests.xml(id, "1.10", "ReadItem", "https://v2.contoso.com/", null));
        AppResponse older = install(TestServer.ALICE,
                TestManifests.xml(id, "1.9", "ReadItem", "https://v1.contoso.com/", null));

        assertThat(upgraded.responseCode()).isEqualTo("NoError");
        assertThat(upgraded.text(SoapResponses.T, "Enabled")).as("an upgrade keeps the user's choice").isEqualTo("false");
        assertThat(older.responseCode()).isEqualTo("ErrorNewerExtensionAlreadyInstalled");
        assertThat(older.messageText()).contains("1.10");
        install(TestServer.ALICE, TestManifests.xml(id, "1.10", "ReadItem", "https://v2.contoso.com/", null));
        assertThat(Jwts.payload(token(TestServer.ALICE, id).tokenValue()).get("aud").asText())
                .isEqualTo("https://v2.contoso.com/");
    }

    @Test
    void aManifestTheCallerMayNotInstallIsRefusedWithAFittingCode() throws Exception {
        String organisations = newId();
        installForOrganisation(TestManifests.xml(organisations, "1.0", "ReadItem", "https://org.contoso.com/", null),
                false, true);
        byte[] hostile = ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<OfficeApp>&e;</OfficeApp>").getBytes(StandardCharsets.UTF_8);

        AppResponse dtd = install(TestServer.ALICE, hostile);
        AppResponse notGuid = install(TestServer.ALICE, new String(TestManifests.xml(newId(), "1.0", "ReadItem",
                "https://x.contoso.com/", null), StandardCharsets.UTF_8).replaceAll("<Id>[^<]*</Id>", "<Id>crm</Id>")
                .getBytes(StandardCharsets.UTF_8));
        AppResponse wholeMailbox = install(TestServer.ALICE,
                TestManifests.xml(newId(), "1.0", "ReadWriteMailbox", "https://rwm.contoso.com/", null));
        AppResponse org = install(TestServer.ALICE,
                TestManifests.xml(organisations, "9.0", "ReadItem", "https://org.contoso.com/", null));

        assertThat(dtd.responseCode()).isEqualTo("ErrorInvalidRequest");
        assertThat(dtd.messageText()).contains("DOCTYPE is not allowed").contains("line 1").doesNotContain("passwd");
        assertThat(notGuid.responseCode()).isEqualTo("ErrorInvalidExtensionId");
        assertThat(notGuid.messageText()).contains("'crm' is not a GUID");
        assertThat(wholeMailbox.responseCode()).isEqualTo("ErrorNoRbacPermissionToInstallReadWriteMailboxExtensions");
        assertThat(org.responseCode()).isEqualTo("ErrorExtensionAlreadyInstalledForOrg");
        assertThat(List.of(dtd, notGuid, wholeMailbox, org)).allSatisfy(r -> {
            assertThat(r.responseClass()).isEqualTo("Error");
            assertThat(r.text(SoapResponses.M, "DescriptiveLinkKey")).isEqualTo("0");
        });
    }

    @Test
    void organisationAddInsCanBeTurnedOffButNotUninstalledAndMandatoryOnesNeither() throws Exception {
        String optional = newId();
        String mandatory = newId();
        String offByDefault = newId();
        installForOrganisation(TestManifests.xml(optional, "1.0", "ReadItem", "https://o.contoso.com/", null), false, true);
        installForOrganisation(TestManifests.xml(mandatory, "1.0", "ReadItem", "https://m.contoso.com/", null), true, true);
        byte[] offManifest = TestManifests.xml(offByDefault, "1.0", "ReadItem", "https://d.contoso.com/", null);
        installForOrganisation(offManifest, false, false);

        assertThat(call(TestServer.BOB, uninstallApp(optional), "UninstallApp").responseCode())
                .isEqualTo("ErrorAccessDenied");
        assertThat(call(TestServer.BOB, uninstallApp(mandatory), "UninstallApp").responseCode())
                .isEqualTo("ErrorCannotDisableMandatoryExtension");
        AppResponse disableMandatory = call(TestServer.BOB, disableApp(mandatory, "NoReason"), "DisableApp");
        assertThat(disableMandatory.responseCode()).isEqualTo("ErrorCannotDisableMandatoryExtension");
        assertThat(token(TestServer.BOB, mandatory).responseCode()).isEqualTo("NoError");
        assertThat(call(TestServer.BOB, disableApp(newId(), "NoReason"), "DisableApp").responseCode())
                .isEqualTo("ErrorExtensionNotFound");

        assertThat(token(TestServer.BOB, offByDefault).responseCode()).as("off until the user turns it on")
                .isEqualTo("ErrorInvalidClientAccessTokenRequest");
        assertThat(install(TestServer.BOB, offManifest).responseCode()).isEqualTo("NoError");
        assertThat(token(TestServer.BOB, offByDefault).responseCode()).isEqualTo("NoError");
        assertThat(token(TestServer.ALICE, offByDefault).responseCode()).as("only for bob")
                .isEqualTo("ErrorInvalidClientAccessTokenRequest");
        assertThat(install(TestServer.BOB, offManifest).responseCode()).as("on already")
                .isEqualTo("ErrorExtensionAlreadyInstalledForOrg");
    }

    @Test
    void theMarketplaceUrlIsTheConfiguredOne() throws Exception {
        AppResponse r = call(TestServer.ALICE, app("Exchange2013_SP1", "<m:GetAppMarketplaceUrl><m:ApiVersionSupported>1.0"
                + "</m:ApiVersionSupported><m:SchemaVersionSupported>1.0</m:SchemaVersionSupported></m:GetAppMarketplaceUrl>"),
                "GetAppMarketplaceUrl");

        assertThat(r.responseCode()).isEqualTo("NoError");
        assertThat(r.text(SoapResponses.M, "AppMarketplaceUrl")).isEqualTo(MARKETPLACE);
    }

    @Test
    void aRequestThatBreaksTheSchemaIsAFaultAndNeedsCredentials() throws Exception {
        HttpResponse<String> bad = server.soap(app("Exchange2013", "<m:DisableApp><m:ID>x</m:ID></m:DisableApp>"),
                TestServer.ALICE, TestServer.PASSWORD);
        HttpResponse<String> anonymous = server.soap(uninstallApp(newId()), null, null);

        assertThat(bad.statusCode()).isEqualTo(500);
        assertThat(SoapResponses.fault(bad.body()).responseCode()).isEqualTo("ErrorSchemaValidation");
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}
