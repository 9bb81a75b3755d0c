package org.ewstoken.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ewstoken.validation.AudienceMismatchException;
import org.ewstoken.validation.CallbackToken;
import org.ewstoken.validation.CallbackTokenKind;
import org.ewstoken.validation.CallbackTokenValidator;
import org.ewstoken.validation.ExpiredTokenException;
import org.ewstoken.validation.IdentityToken;
import org.ewstoken.validation.IdentityTokenValidator;
import org.ewstoken.validation.KeySource;
import org.ewstoken.validation.MetadataClient;
import org.ewstoken.validation.MetadataTrust;
import org.ewstoken.validation.NotYetValidException;
import org.ewstoken.validation.UnknownKeyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ewstoken token mint}: tokens for add-in back ends' own tests, checked by the validation library. */
class TokenMintTest {

    static final String ADDIN = "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
    static final String AUDIENCE = "https://addin.contoso.com/read.html";
    static final Pattern SERVING = Pattern.compile("serving the metadata document at (\\S+) until stopped");

    @TempDir Path dir;
    Thread serving;
    URI metadataUrl;
    String servedToken;

    private CliRunner.Result run(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--data-dir", dir.toString()));
        return CliRunner.run(CliTest.ENV, "", all.toArray(String[]::new));
    }

    private String mint(String... args) {
        List<String> all = new ArrayList<>(List.of("token", "mint", "--user", "alice@contoso.com", "--app", ADDIN,
                "--metadata-url", metadataUrl.toString()));
        all.addAll(Arrays.asList(args));
        CliRunner.Result r = run(all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).hasSize(1);
        return r.out().strip();
    }

    /** Starts 'token mint --serve-metadata' in this JVM, as a back end's CI would start it in the background. */
    @BeforeEach
    void serveMetadata() throws Exception {
        assertThat(run("users", "add", "alice@contoso.com", "--generate-password").exitCode()).isZero();
        assertThat(run("apps", "add", "--id", ADDIN, "--name", "CRM", "--permission", "ReadItem", "--audience", AUDIENCE,
                "--scope", "Mail.Read").exitCode()).isZero();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Cli cli = new Cli(new PrintWriter(out, true), new PrintWriter(err, true), CliTest.ENV,
                new BufferedReader(new StringReader("")));
        serving = new Thread(() -> Main.run(cli, "token", "mint", "--user", "alice@contoso.com", "--app", ADDIN,
                "--serve-metadata", "--data-dir", dir.toString()), "mint-serve-metadata");
        serving.setDaemon(true);
        serving.start();
        // Generous: the command opens the installation and starts a server; on a loaded machine that took over 30 s.
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Matcher m;
        while (!(m = SERVING.matcher(err.toString())).find()) {
            assertThat(serving.isAlive()).as("mint exited: %s", err).isTrue();
            assertThat(System.nanoTime()).as("no metadata server within 120 s: %s", err).isLessThan(deadline);
            Thread.sleep(20);
        }
        metadataUrl = URI.create(m.group(1));
        servedToken = out.toString().strip();
    }

    @AfterEach
    void stop() throws Exception {
        serving.interrupt(); // what Ctrl-C is to the command line: the server stops, the port is freed
        serving.join(10_000);
        assertThat(serving.isAlive()).isFalse();
    }

    IdentityTokenValidator backEnd() {
        return IdentityTokenValidator.builder().audience(AUDIENCE)
                .trust(MetadataTrust.urls(metadataUrl.toString()))
                .metadataClient(MetadataClient.builder().allowHttp(true).build()).build();
    }

    @Test
    void theServedMetadataVerifiesTheMintedIdentityToken() throws Exception {
        assertThat(metadataUrl.toString()).matches("http://127\\.0\\.0\\.1:\\d+/autodiscover/metadata/json/1");

        IdentityToken id = backEnd().validate(servedToken);

        assertThat(id.metadataUrl()).isEqualTo(metadataUrl);
        assertThat(id.audience()).isEqualTo(AUDIENCE);
        assertThat(id.expiresAt().getEpochSecond() - id.notBefore().getEpochSecond()).isEqualTo(8 * 3600);
        assertThat(backEnd().validate(mint()).exchangeUid()).as("the same mailbox id every time").isEqualTo(id.exchangeUid());
    }

    @Test
    void theNegativeCasesAreRefusedForTheirReason() throws Exception {
        IdentityTokenValidator backEnd = backEnd();
        assertThatThrownBy(() -> backEnd.validate(mint("--expired"))).isInstanceOf(ExpiredTokenException.class);
        assertThatThrownBy(() -> backEnd.validate(mint("--not-yet-valid"))).isInstanceOf(NotYetValidException.class);
        assertThatThrownBy(() -> backEnd.validate(mint("--audience", "https://other.example/app.html")))
                .isInstanceOf(AudienceMismatchException.class);
        assertThatThrownBy(() -> backEnd.validate(mint("--unknown-key"))).isInstanceOf(UnknownKeyException.class);

        IdentityToken shortLived = backEnd.validate(mint("--lifetime", "90s"));
        assertThat(shortLived.expiresAt().getEpochSecond() - shortLived.notBefore().getEpochSecond()).isEqualTo(90);
    }

    @Test
    void callbackTokensVerifyWithTheServedKeysAndCarryTheirItem() throws Exception {
        CallbackTokenValidator resourceServer = CallbackTokenValidator.builder()
                .issuerRealm("127.0.0.1") // the host of the installation's public URL
                .keys(KeySource.metadata(metadataUrl, MetadataClient.builder().allowHttp(true).build()))
                .accept(URI.create("http://127.0.0.1:8080/EWS/Exchange.asmx"), CallbackTokenKind.EXTENSION_CALLBACK,
                        CallbackTokenKind.SCOPED)
                .build();

        CallbackToken item = resourceServer.validate(mint("--type", "ExtensionCallback", "--scope", "ParentItemId:AAMkAGI2=="));
        CallbackToken scoped = resourceServer.validate(mint("--type", "scopedtoken", "--scope", "Mail.Read"));

        assertThat(item.parentItemId()).contains("AAMkAGI2==");
        assertThat(item.addInOrigin()).contains("https://addin.contoso.com");
        assertThat(item.expiresAt().getEpochSecond() - item.notBefore().getEpochSecond()).isEqualTo(300);
        assertThat(scoped.scope()).contains("Mail.Read");
    }

    @Test
    void anyMailboxAndAudienceWork() throws Exception {
        CliRunner.Result r = run("token", "mint", "--user", "nobody@fabrikam.com", "--audience",
                "https://tests.fabrikam.com/addin.html", "--metadata-url", metadataUrl.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        String token = r.out().strip();
        IdentityToken id = IdentityTokenValidator.builder().audience("https://tests.fabrikam.com/addin.html")
                .trust(MetadataTrust.urls(metadataUrl.toString()))
                .metadataClient(MetadataClient.builder().allowHttp(true).build()).build().validate(token);
        assertThat(id.exchangeUid()).isNotBlank();
    }

    @Test
    void mistakesAreExplained() {
        CliRunner.Result noAddIn = run("token", "mint", "--user", "alice@contoso.com");
        assertThat(noAddIn.exitCode()).isEqualTo(1);
        assertThat(noAddIn.err()).contains("--app").contains("--audience");
        CliRunner.Result unknown = run("token", "mint", "--user", "alice@contoso.com", "--app", "nope");
        assertThat(unknown.err()).contains("no add-in with id nope");
        CliRunner.Result both = run("token", "mint", "--user", "a@b.c", "--app", ADDIN, "--expired", "--not-yet-valid");
        assertThat(both.err()).contains("exclude each other");
        CliRunner.Result type = run("token", "mint", "--user", "a@b.c", "--app", ADDIN, "--type", "Loki");
        assertThat(type.err()).contains("--type must be");
    }
}
