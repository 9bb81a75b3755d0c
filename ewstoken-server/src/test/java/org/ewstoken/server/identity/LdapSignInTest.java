package org.ewstoken.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.Jwts;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.LdapSettings;
import org.ewstoken.server.config.Setting;
import org.ewstoken.server.config.ThrottlePolicy;
import org.ewstoken.store.Permission;
import org.ewstoken.store.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directory users signing in over Basic against a real OpenLDAP slapd that the test starts: a
 * mailbox appears at first sign-in with the entry's immutable id as msexchuid, follows a rename,
 * and every wrong case (wrong password, unknown, disabled, locked, hostile names) is the same 401.
 */
@Timeout(120)
class LdapSignInTest {

    static final String ADD_IN = Envelopes.DOCUMENTED_ADDIN;
    static final String AD_GUID = "2f1c8a4e-9b3d-4e7a-8c21-5d6e7f809a1b";

    @TempDir static Path dir;
    static Slapd slapd;
    static TestServer server;
    static String aliceDn;
    static String bobDn;

    @BeforeAll
    static void start() throws Exception {
        slapd = Slapd.start(dir.resolve("slapd"));
        aliceDn = slapd.addUser("alice", "Alice@Example.test", "alice-pw-1");
        // AD's shape: no mail, the primary address in proxyAddresses, a UPN, a binary objectGUID.
        bobDn = slapd.addUser("bob", null, "bob-pw-1",
                new Attribute("proxyAddresses", "SMTP:bob@example.test", "smtp:robert@example.test"),
                new Attribute("userPrincipalName", "bob@corp.example.test"),
                new Attribute("objectGUID", org.ewstoken.server.identity.ldap.LdapTestAccess.objectGuid(UUID.fromString(AD_GUID))),
                new Attribute("userAccountControl", "512"));
        slapd.addUser("dora", "dora@example.test", "dora-pw-1",
                new Attribute("userAccountControl", "514")); // 512 + ACCOUNTDISABLE
        String lena = slapd.addUser("lena", "lena@example.test", "lena-pw-1");
        slapd.lock(lena);
        String carol = slapd.addUser("carol", "carol@example.test", "carol-pw-1");
        String hostile = slapd.addUser("obrien", "o*brien@example.test", "obrien-pw-1");
        slapd.addUser("erin", "erin@example.test", "erin-pw-1"); // not in the users group
        String ivan = slapd.addUser("ivan", "ivan@example.test", "ivan-pw-1");
        slapd.addGroup("addin-users", aliceDn, bobDn, carol, hostile, lena, ivan);
        slapd.addGroup("addin-installers", ivan);

        Map<Setting, String> s = slapd.serverSettings();
        s.put(LdapSettings.LDAP_USERS_GROUP, "cn=addin-users," + Slapd.GROUPS);
        s.put(LdapSettings.LDAP_INSTALLERS_GROUP, "cn=addin-installers," + Slapd.GROUPS);
        s.put(ThrottlePolicy.LOGIN_FAILURES_PER_ADDRESS, "1000");
        s.put(ThrottlePolicy.LOGIN_FAILURES_PER_ACCOUNT, "1000");
        server = TestServer.start(dir.resolve("server"), s);
        server.addAddIn(ADD_IN.toLowerCase(), Permission.READ_ITEM, "https://addin.example/app.html", Set.of(), true,
                null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
        if (slapd != null) slapd.close();
    }

    static HttpResponse<String> ask(String user, String password) throws Exception {
        return server.soap(Envelopes.documented(), user, password);
    }

    static String msexchuid(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<SoapResponses.Message> messages = SoapResponses.messages(r.body());
        assertThat(messages.get(0).responseCode()).isEqualTo("NoError");
        JsonNode appctx = new ObjectMapper().readTree(Jwts.payload(messages.get(0).tokenValue()).get("appctx").asText());
        return appctx.get("msexchuid").asText();
    }

    @Test
    void aMailboxThatExistsOnlyInOpenLdapGetsAnIdentityTokenWithItsEntryUuid() throws Exception {
        assertThat(server.server().installation().store().findUser("alice@example.test")).isEmpty();

        String uid = msexchuid(ask("alice@example.test", "alice-pw-1"));

        assertThat(uid).isEqualTo(slapd.entryUuid(aliceDn));
        User mailbox = server.server().installation().store().findUser("alice@example.test").orElseThrow();
        assertThat(mailbox.exchangeUid().toString()).isEqualTo(uid);
        assertThat(mailbox.hasPassword()).as("directory users have no local password").isFalse();
        assertThat(mailbox.displayName()).isEqualTo("User alice");
        // The name is matched ignoring case, as the directory does; the mailbox stays the same.
        assertThat(msexchuid(ask("ALICE@example.TEST", "alice-pw-1"))).isEqualTo(uid);
    }

    @Test
    void anAdShapedUserSignsInByPrincipalNameOrAnyProxyAddressAndGetsItsObjectGuid() throws Exception {
        assertThat(msexchuid(ask("bob@corp.example.test", "bob-pw-1"))).isEqualTo(AD_GUID);
        assertThat(msexchuid(ask("robert@example.test", "bob-pw-1"))).isEqualTo(AD_GUID);
        assertThat(server.server().installation().store().findUser("bob@example.test"))
                .hasValueSatisfying(u -> assertThat(u.exchangeUid()).isEqualTo(UUID.fromString(AD_GUID)));
    }

    @Test
    void wrongPasswordUnknownUserDisabledAndLockedAccountsGetTheSame401() throws Exception {
        List<HttpResponse<String>> refused = List.of(
                ask("alice@example.test", "wrong"),
                ask("nobody@example.test", "alice-pw-1"),
                ask("dora@example.test", "dora-pw-1"),
                ask("lena@example.test", "lena-pw-1"),
                ask("alice@example.test", ""));
        for (HttpResponse<String> r : refused) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).isEqualTo(refused.get(0).body());
            assertThat(r.headers().allValues("WWW-Authenticate")).isEqualTo(refused.get(0).headers()
                    .allValues("WWW-Authenticate"));
        }
        assertThat(server.server().installation().store().findUser("dora@example.test")).isEmpty();
        assertThat(server.server().installation().store().findUser("lena@example.test")).isEmpty();
    }

    @Test
    void aUserRenamedInTheDirectoryKeepsItsMailboxAndMsexchuid() throws Exception {
        String before = msexchuid(ask("carol@example.test", "carol-pw-1"));

        slapd.rename("uid=carol," + Slapd.PEOPLE, "uid=caroline");
        slapd.modify("uid=caroline," + Slapd.PEOPLE,
                new Modification(ModificationType.REPLACE, "mail", "caroline@example.test"));
        // The group still names the old DN, as a directory without referential integrity would.
        slapd.modify("cn=addin-users," + Slapd.GROUPS,
                new Modification(ModificationType.ADD, "member", "uid=caroline," + Slapd.PEOPLE));

        assertThat(msexchuid(ask("caroline@example.test", "carol-pw-1"))).isEqualTo(before);
        assertThat(server.server().installation().store().findUser("carol@example.test")).isEmpty();
        assertThat(server.server().installation().store().findUser("caroline@example.test").orElseThrow()
                .exchangeUid().toString()).isEqualTo(before);
        assertThat(ask("carol@example.test", "carol-pw-1").statusCode()).isEqualTo(401);
    }

    @Test
    void ldapFilterMetacharactersInNamesAreValuesNeverFilter() throws Exception {
        // Each would match alice (or everybody) if it reached the filter unescaped. (Those that can never
        // be an account name are refused before the directory is asked; the wildcards reach it.)
        for (String name : List.of("*", "alice*", "*@example.test", "alice*@example.test", "*@*",
                "alice@example.test)(mail=*", "*)(uid=*))(|(uid=*", "alice@example.test)(|(objectClass=*",
                "\\2a@example.test", "alice\u0000@example.test", "(mail=alice@example.test)", "a".repeat(5000))) {
            HttpResponse<String> r;
            try {
                r = ask(name, "alice-pw-1");
            } catch (java.io.IOException e) {
                throw new AssertionError("no answer for the name " + name.substring(0, Math.min(40, name.length())), e);
            }
            assertThat(r.statusCode()).as(name).isEqualTo(401);
        }
        // ...and a real name full of them is just a name.
        assertThat(ask("o*brien@example.test", "obrien-pw-1").statusCode()).isEqualTo(200);
        assertThat(ask("o*brien@example.test", "alice-pw-1").statusCode()).isEqualTo(401);
        assertThat(ask("o*@example.test", "obrien-pw-1").statusCode()).isEqualTo(401);
    }

    @Test
    void aDirectoryUserOutsideTheUsersGroupSignsInButMayNotUseAddIns() throws Exception {
        HttpResponse<String> r = ask("erin@example.test", "erin-pw-1");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("may not use add-ins");
        assertThat(ask("erin@example.test", "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void onlyMembersOfTheInstallersGroupMayInstallAddInsThemselves() throws Exception {
        byte[] manifest = org.ewstoken.server.TestManifests.xml("a0000000-0000-4000-8000-000000000131", "1.0",
                "ReadItem", "https://crm.example/read.html", "1.1");
        HttpResponse<String> bob = server.soap(Envelopes.installApp(manifest), "bob@example.test", "bob-pw-1");
        assertThat(bob.statusCode()).isEqualTo(200);
        SoapResponses.AppResponse refused = SoapResponses.app(bob.body(), "InstallApp");
        assertThat(refused.responseCode()).isEqualTo("ErrorAccessDenied");

        HttpResponse<String> ivan = server.soap(Envelopes.installApp(manifest), "ivan@example.test", "ivan-pw-1");
        assertThat(SoapResponses.app(ivan.body(), "InstallApp").responseCode()).isEqualTo("NoError");
    }

    @Test
    void localUsersKeepSigningInBesideTheDirectory() throws Exception {
        server.addUser("local@example.test");
        assertThat(ask("local@example.test", TestServer.PASSWORD).statusCode()).isEqualTo(200);
        assertThat(ask("local@example.test", "alice-pw-1").statusCode()).isEqualTo(401);
    }
}
