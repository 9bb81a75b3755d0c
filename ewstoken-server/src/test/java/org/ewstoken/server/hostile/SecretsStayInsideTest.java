package org.ewstoken.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.Installation;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.child.Child;
import org.ewstoken.store.SqliteStore;
import org.ewstoken.store.Store;
import org.ewstoken.store.StoredKey;
import org.ewstoken.testkit.TestTls;
import org.ewstoken.tokens.MasterKey;
import org.ewstoken.tokens.SigningKey;
import org.ewstoken.tokens.SigningKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets stay secret: a real server in a child JVM with every logger at TRACE (Jetty's included),
 * real CLI commands that handle passwords and import keys, and traffic of every kind (all token
 * types, wrong passwords, unknown users, lockouts, the whole hostile catalogue). Then every byte the
 * processes printed, and every answer that is not a token response, is searched for the passwords,
 * the private keys (PKCS#8 base64 and PEM), the master key, every issued token and every
 * Authorization header value sent.
 */
@Timeout(300)
class SecretsStayInsideTest {

    static final String ALICE = "alice@contoso.com";
    static final String ALICE_PASSWORD = "alice-Pa55word-that-is-secret";
    static final String BOB = "bob@contoso.com";
    static final String BOB_PASSWORD = "bob-Pa55word-that-is-secret";
    static final String P12_PASSWORD = "p12-Pa55word-that-is-secret";
    static final Map<String, String> TRACE = Map.of("EWSTOKEN_LOG_LEVEL", "TRACE", "EWSTOKEN_LIBRARY_LOG_LEVEL", "TRACE");

    @TempDir Path dir;

    /** What must never show, by name (for the failure message). */
    private final Map<String, String> secrets = new LinkedHashMap<>();
    /** Every answer that is not a successful token response: errors, refusals, faults, documents. */
    private final List<String> answers = new ArrayList<>();

    @Test
    void noPasswordKeyTokenOrAuthorizationValueEverShowsInOutputErrorsOrAnswers() throws Exception {
        Path data = dir.resolve("data");
        Path cliOutput = dir.resolve("cli.log");
        Path serverOutput = dir.resolve("server.log");
        String d = data.toString();

        secrets.put("alice's password", ALICE_PASSWORD);
        secrets.put("bob's password", BOB_PASSWORD);
        secrets.put("the PKCS#12 password", P12_PASSWORD);
        assertThat(Child.run(cliOutput, TRACE, ALICE_PASSWORD + "\n", "users", "add", ALICE, "--password-stdin", "--data-dir", d)).isZero();
        assertThat(Child.run(cliOutput, TRACE, BOB_PASSWORD + "\n", "users", "add", BOB, "--password-stdin", "--data-dir", d)).isZero();
        assertThat(Child.run(cliOutput, TRACE, null, "apps", "add", "--id", TestServer.CRM, "--name", "CRM", "--permission",
                "ReadWriteItem", "--audience", "https://crm.example/read.html", "--scope", "Mail.Read", "--data-dir", d)).isZero();
        assertThat(Child.run(cliOutput, TRACE, null, "keys", "import", pemKeyFile().toString(), "--data-dir", d)).isZero();
        assertThat(Child.run(cliOutput, TRACE, P12_PASSWORD + "\n", "keys", "import", p12KeyFile().toString(),
                "--password-stdin", "--data-dir", d)).isZero();

        try (Child server = Child.start(serverOutput, TRACE, null, "serve", "--data-dir", d, "--port", "0")) {
            int port = server.awaitPort();
            traffic(port, true);
            assertThat(Child.run(cliOutput, TRACE, null, "keys", "rotate", "--data-dir", d)).isZero();
            traffic(port, false);
            server.stop();
        }
        storedKeysAndMasterKey(data);

        String printed = Files.readString(cliOutput) + Files.readString(serverOutput);
        assertThat(printed).as("the server really logged at TRACE").contains(" TRACE ").contains("o.e.j.");
        assertThat(printed.length()).as("bytes of output searched").isGreaterThan(100_000);
        assertThat(printed).as("libraries did print secrets at TRACE, and they were masked").contains("[redacted]");
        assertThat(answers).hasSizeGreaterThan(50);
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            assertThat(printed).as("process output holds %s", secret.getKey()).doesNotContain(secret.getValue());
            for (String answer : answers) {
                assertThat(answer).as("an answer holds %s", secret.getKey()).doesNotContain(secret.getValue());
            }
        }
        System.out.println("secrets: " + secrets.size() + " secrets searched for in " + printed.length()
                + " bytes of TRACE output and " + answers.size() + " answers");
    }

    private void traffic(int port, boolean hostileToo) throws Exception {
        String all = Envelopes.getClientAccessToken("Exchange2016", Envelopes.tokenRequest(TestServer.CRM, "CallerIdentity"),
                Envelopes.tokenRequest(TestServer.CRM, "ExtensionCallback"), Envelopes.tokenRequest(TestServer.CRM, "ExtensionRestApiCallback"),
                Envelopes.scopedRequest(TestServer.CRM, "Mail.Read"));
        for (String[] user : new String[][] {{ALICE, ALICE_PASSWORD}, {BOB, BOB_PASSWORD}}) {
            RawHttp.Response r = send(port, "127.0.0.1", all, user[0], user[1]);
            assertThat(r.status()).isEqualTo(200);
            for (SoapResponses.Message m : SoapResponses.messages(r.text())) {
                assertThat(m.responseCode()).isEqualTo("NoError");
                secrets.put("a " + m.tokenType() + " token", m.tokenValue());
            }
        }
        // Wrong passwords and unknown users until locked out, from a second address.
        for (int i = 0; i < 8; i++) {
            answers.add(send(port, "127.0.0.9", all, ALICE, "wrong-Pa55word-" + i).toString());
            answers.add(send(port, "127.0.0.9", all, "ghost-" + i + "@contoso.com", "ghost-Pa55word-" + i).toString());
        }
        HostileCases hostile = new HostileCases(ALICE, ALICE_PASSWORD, TestServer.CRM, URI_NOWHERE, dir.resolve("none").toUri());
        for (HostileCase c : hostileToo ? hostile.all() : List.<HostileCase>of()) {
            RawHttp.Response r = RawHttp.exchange(port, c.request());
            if (r.status() != 200) answers.add(r.toString() + r.text());
        }
        answers.add(RawHttp.exchange(port, ascii("GET /autodiscover/metadata/json/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).text());
        answers.add(RawHttp.exchange(port, ascii("GET /EWS/Services.wsdl HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).text());
    }

    private static final java.net.URI URI_NOWHERE = java.net.URI.create("http://127.0.0.1:9");

    private RawHttp.Response send(int port, String from, String envelope, String user, String password) throws Exception {
        String authorization = RawHttp.basic(user, password);
        secrets.put("the Authorization value for " + user + ":" + password, authorization.substring("Authorization: Basic ".length()));
        secrets.put("the password " + password, password);
        return RawHttp.exchange(from, port, RawHttp.post("/EWS/Exchange.asmx", envelope.getBytes(StandardCharsets.UTF_8),
                authorization, HostileCases.XML), Duration.ofSeconds(20));
    }

    private Path pemKeyFile() throws Exception {
        SigningKey key = SigningKeys.generate("pem.contoso.com", Duration.ofDays(30), Clock.systemUTC());
        String pkcs8 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.privateKey().getEncoded());
        String pem = "-----BEGIN PRIVATE KEY-----\n" + pkcs8 + "\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        secrets.put("the imported PEM private key block", pem.substring(0, pem.indexOf("-----END PRIVATE KEY-----")));
        secrets.put("the imported PEM key's PKCS#8 base64", Base64.getEncoder().encodeToString(key.privateKey().getEncoded()));
        for (String line : pkcs8.split("\n")) if (line.length() == 64) secrets.put("a line of the PEM private key", line);
        return Files.writeString(dir.resolve("imported.pem"), pem);
    }

    private Path p12KeyFile() throws Exception {
        SigningKey key = SigningKeys.generate("p12.contoso.com", Duration.ofDays(30), Clock.systemUTC());
        Path file = TestTls.pkcs12(dir.resolve("imported.p12"), key.privateKey(), key.certificate(), P12_PASSWORD);
        secrets.put("the imported PKCS#12 key's PKCS#8 base64", Base64.getEncoder().encodeToString(key.privateKey().getEncoded()));
        return file;
    }

    /** Every signing key the store holds (generated, imported, rotated), unsealed here, and the master key. */
    private void storedKeysAndMasterKey(Path data) throws Exception {
        MasterKey master = MasterKey.loadOrCreate(data.resolve(Installation.MASTER_KEY_FILE));
        secrets.put("the master key", master.toBase64());
        try (Store store = SqliteStore.open(data.resolve(Installation.DATABASE_FILE))) {
            List<StoredKey> keys = store.listKeys();
            assertThat(keys).hasSizeGreaterThanOrEqualTo(4);
            for (StoredKey k : keys) {
                byte[] pkcs8 = master.open(Base64.getDecoder().decode(k.sealedPrivateKeyBase64()),
                        k.keyId().getBytes(StandardCharsets.UTF_8));
                secrets.put("signing key " + k.keyId() + " (PKCS#8 base64)", Base64.getEncoder().encodeToString(pkcs8));
                String mime = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8);
                secrets.put("signing key " + k.keyId() + " (PEM's first line)", mime.substring(0, 64));
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
