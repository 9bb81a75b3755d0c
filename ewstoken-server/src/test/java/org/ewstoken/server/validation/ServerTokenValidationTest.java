package org.ewstoken.server.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.cli.CliRunner;
import org.ewstoken.store.Permission;
import org.ewstoken.testkit.TestClock;
import org.ewstoken.validation.BadSignatureException;
import org.ewstoken.validation.CallbackToken;
import org.ewstoken.validation.CallbackTokenKind;
import org.ewstoken.validation.CallbackTokenValidator;
import org.ewstoken.validation.IdentityToken;
import org.ewstoken.validation.IdentityTokenValidator;
import org.ewstoken.validation.KeySource;
import org.ewstoken.validation.MetadataClient;
import org.ewstoken.validation.MetadataTrust;
import org.ewstoken.validation.UnknownKeyException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tokens issued by a running ewstoken server, validated by the ewstoken-validation library and by the
 * CLI built on it, exactly as an add-in back end or a resource server would: over HTTP, with the keys
 * from the server's metadata document.
 */
class ServerTokenValidationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestServer server = TestServer.perClass();
    static String alicesUid;

    @BeforeAll
    static void start() throws Exception {
        alicesUid = server.addUser(TestServer.ALICE).exchangeUid().toString();
        server.addAddIn(ServerTokens.ADDIN, Permission.READ_WRITE_ITEM, ServerTokens.AUDIENCE, Set.of("Mail.Read"),
                true, null);
    }

    static IdentityTokenValidator validator(MetadataClient metadata) {
        return IdentityTokenValidator.builder()
                .audience(ServerTokens.AUDIENCE)
                .trust(MetadataTrust.hosts(ServerTokens.hostAndPort(server)))
                .metadataClient(metadata)
                .build();
    }

    @Test
    void anIdentityTokenFromTheServerValidates() throws Exception {
        IdentityToken id = validator(MetadataClient.builder().allowHttp(true).build())
                .validate(ServerTokens.get(server, "CallerIdentity"));

        assertThat(id.exchangeUid()).isEqualTo(alicesUid);
        assertThat(id.metadataUrl().toString()).isEqualTo("http://" + ServerTokens.hostAndPort(server)
                + "/autodiscover/metadata/json/1");
        assertThat(id.uniqueId()).isEqualTo(id.metadataUrl() + alicesUid);
        assertThat(id.keyId()).isEqualTo(server.server().keyRing().signingKey().keyId());
    }

    @Test
    void trustCanComeFromTheUsersAutodiscoverAnswer() throws Exception {
        JsonNode autodiscover = JSON.readTree(server.get("/autodiscover/autodiscover.json/v1.0/"
                + TestServer.ALICE + "?Protocol=EWS").body());
        URI ews = URI.create(autodiscover.get("Url").asText());
        IdentityTokenValidator trustsNoOneByDefault = IdentityTokenValidator.builder().audience(ServerTokens.AUDIENCE)
                .metadataClient(MetadataClient.builder().allowHttp(true).build()).build();

        IdentityToken id = trustsNoOneByDefault.validate(ServerTokens.get(server, "CallerIdentity"),
                MetadataTrust.sameHostAs(ews));

        assertThat(id.exchangeUid()).isEqualTo(alicesUid);
    }

    @Test
    void callbackTokensFromTheServerValidateForAResourceServer() throws Exception {
        URI base = server.server().publicUrl();
        CallbackTokenValidator resourceServer = CallbackTokenValidator.builder()
                .issuerRealm("127.0.0.1")
                .keys(KeySource.metadata(server.url("/autodiscover/metadata/json/1"),
                        MetadataClient.builder().allowHttp(true).build()))
                .accept(URI.create(base + "/EWS/Exchange.asmx"), CallbackTokenKind.EXTENSION_CALLBACK, CallbackTokenKind.SCOPED)
                .accept(URI.create(base + "/api"), CallbackTokenKind.REST_API_CALLBACK)
                .build();

        CallbackToken ews = resourceServer.validate(ServerTokens.get(server, "ExtensionCallback"));
        CallbackToken rest = resourceServer.validate(ServerTokens.get(server, "ExtensionRestApiCallback"));
        CallbackToken scoped = resourceServer.validate(ServerTokens.get(server, "ScopedToken"));

        assertThat(ews.mailboxUid()).isEqualTo(alicesUid);
        assertThat(ews.smtp()).isEqualTo(TestServer.ALICE);
        assertThat(ews.addInOrigin()).contains("https://addin.contoso.com");
        assertThat(ews.parentItemId()).as("the request named no item: mailbox-wide").isEmpty();
        assertThat(rest.kind()).isEqualTo(CallbackTokenKind.REST_API_CALLBACK);
        assertThat(scoped.scope()).contains("Mail.Read");
    }

    @Test
    void aTokenAlteredAfterIssueFailsTheSignature() throws Exception {
        String[] parts = ServerTokens.get(server, "CallerIdentity").split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(alicesUid, "00000000-0000-0000-0000-000000000000");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThatThrownBy(() -> validator(MetadataClient.builder().allowHttp(true).build()).validate(forged))
                .isInstanceOf(BadSignatureException.class);
    }

    @Test
    void aRotatedKeyIsPickedUpWithoutRestartAndThePreviousKeysTokensStillValidate() throws Exception {
        TestClock metadataClock = TestClock.now();
        IdentityTokenValidator validator = validator(MetadataClient.builder().allowHttp(true).clock(metadataClock).build());
        String before = ServerTokens.get(server, "CallerIdentity");
        validator.validate(before);

        server.server().keyRing().rotate();
        String after = ServerTokens.get(server, "CallerIdentity");
        assertThatThrownBy(() -> validator.validate(after)).as("refetched at most every 30 s")
                .isInstanceOf(UnknownKeyException.class);

        metadataClock.advance(Duration.ofSeconds(31));
        assertThat(validator.validate(after).keyId()).isEqualTo(server.server().keyRing().signingKey().keyId());
        assertThat(validator.validate(before).keyId()).isNotEqualTo(validator.validate(after).keyId());
    }

    @Test
    void theCliValidatesAServerToken() throws Exception {
        String token = ServerTokens.get(server, "CallerIdentity");

        CliRunner.Result ok = CliRunner.run(Map.of(), "", "token", "validate", token, "--audience", ServerTokens.AUDIENCE,
                "--trust", ServerTokens.hostAndPort(server), "--allow-http");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("valid identity token", alicesUid, "/autodiscover/metadata/json/1" + alicesUid);

        CliRunner.Result fromStdin = CliRunner.run(Map.of(), token + "\n", "token", "validate", "-",
                "--audience", ServerTokens.AUDIENCE, "--trust", ServerTokens.hostAndPort(server), "--allow-http");
        assertThat(fromStdin.exitCode()).as(fromStdin.err()).isZero();
    }

    @Test
    void theCliSaysWhyATokenIsRefused() throws Exception {
        String token = ServerTokens.get(server, "CallerIdentity");

        CliRunner.Result wrongAudience = CliRunner.run(Map.of(), "", "token", "validate", token,
                "--audience", "https://other.example/", "--trust", ServerTokens.hostAndPort(server), "--allow-http");
        assertThat(wrongAudience.exitCode()).isEqualTo(1);
        assertThat(wrongAudience.err()).contains("invalid: AUDIENCE_MISMATCH", ServerTokens.AUDIENCE);

        CliRunner.Result untrusted = CliRunner.run(Map.of(), "", "token", "validate", token,
                "--audience", ServerTokens.AUDIENCE, "--allow-http");
        assertThat(untrusted.exitCode()).isEqualTo(1);
        assertThat(untrusted.err()).contains("UNTRUSTED_METADATA_LOCATION", "--trust " + ServerTokens.hostAndPort(server))
                .doesNotContain("MetadataTrust").hasLineCount(1);

        CliRunner.Result httpRefused = CliRunner.run(Map.of(), "", "token", "validate", token,
                "--audience", ServerTokens.AUDIENCE, "--trust", ServerTokens.hostAndPort(server));
        assertThat(httpRefused.exitCode()).isEqualTo(1);
        assertThat(httpRefused.err()).contains("is plain http", "--allow-http").doesNotContain("MetadataClient");

        assertThat(wrongAudience.out() + wrongAudience.err() + untrusted.err()).doesNotContain(token);
    }

    @Test
    void theCliDecodesWithoutVerifyingAndSaysSo() throws Exception {
        String token = ServerTokens.get(server, "CallerIdentity");
        String[] parts = token.split("\\.");
        String badlySigned = parts[0] + "." + parts[1] + ".AAAA";

        CliRunner.Result decoded = CliRunner.run(Map.of(), "", "token", "decode", badlySigned);

        assertThat(decoded.exitCode()).as(decoded.err()).isZero();
        assertThat(decoded.out()).startsWith("UNVERIFIED").contains("\"alg\" : \"RS256\"", "\"aud\" : \""
                + ServerTokens.AUDIENCE, "\"msexchuid\" : \"" + alicesUid, "ExIdTok.V1", "exp: ");

        CliRunner.Result garbage = CliRunner.run(Map.of(), "", "token", "decode", "not-a-token");
        assertThat(garbage.exitCode()).isEqualTo(1);
        assertThat(garbage.err()).contains("not a JWT");
    }
}
