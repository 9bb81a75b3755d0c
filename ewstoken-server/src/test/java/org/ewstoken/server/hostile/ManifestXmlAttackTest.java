package org.ewstoken.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.SoapResponses.AppResponse;
import org.ewstoken.server.TestManifests;
import org.ewstoken.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The other XML the server parses from users: add-in manifests sent with EWS InstallApp. The same
 * attacks as on the SOAP envelope, one level down (inside the base64 manifest): every one is refused
 * before any expansion, nothing is fetched, no file shows, and nothing is installed.
 */
@Timeout(60)
class ManifestXmlAttackTest {

    static final String SECRET = "TOP-SECRET-MANIFEST-FILE-5d1c";

    @TempDir static Path dir;
    @RegisterExtension
    static final TestServer server = TestServer.perClass();
    static Canary canary;
    static Path secret;

    @BeforeAll
    static void start() throws Exception {
        server.addUser(TestServer.ALICE);
        canary = Canary.open();
        secret = Files.writeString(dir.resolve("secret.txt"), SECRET);
    }

    @AfterAll
    static void stop() throws Exception {
        canary.close();
    }

    private static String id(int n) {
        return String.format("b0000000-0000-4000-8000-%012d", n);
    }

    /** A valid manifest for add-in {@code n} with {@code doctype} after the declaration and {@code name} as its provider. */
    private static byte[] manifest(int n, String doctype, String name) {
        String xml = new String(TestManifests.xml(id(n), "1.0.0.0", "ReadItem", "https://crm.example/r.html", null),
                StandardCharsets.UTF_8);
        xml = xml.replace("<ProviderName>Contoso</ProviderName>", "<ProviderName>" + name + "</ProviderName>");
        return (doctype == null ? xml : xml.replaceFirst("\\?>\n", "?>\n" + doctype + "\n")).getBytes(StandardCharsets.UTF_8);
    }

    private static AppResponse install(byte[] manifest) throws Exception {
        HttpResponse<String> r = server.soap(Envelopes.installApp(manifest), TestServer.ALICE, TestServer.PASSWORD);
        assertThat(r.body()).doesNotContain(SECRET).doesNotContain("Exception");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return SoapResponses.app(r.body(), "InstallApp");
    }

    private static String attack(int kind) {
        String c = canary.url().toString();
        return switch (kind) {
            case 1 -> "<!DOCTYPE OfficeApp [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>";
            case 2 -> "<!DOCTYPE OfficeApp [<!ENTITY xxe SYSTEM \"" + c + "/xxe\">]>";
            case 3 -> "<!DOCTYPE OfficeApp SYSTEM \"" + c + "/evil.dtd\">";
            case 4 -> "<!DOCTYPE OfficeApp [<!ENTITY % p SYSTEM \"" + c + "/p.dtd\"> %p;]>";
            case 5 -> {
                StringBuilder laughs = new StringBuilder("<!DOCTYPE OfficeApp [<!ENTITY lol0 \"lol\">");
                for (int i = 1; i <= 9; i++) {
                    laughs.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
                }
                yield laughs + "]>";
            }
            default -> "<!DOCTYPE OfficeApp [<!ENTITY a \"" + "a".repeat(20_000) + "\">]>";
        };
    }

    @ParameterizedTest(name = "attack {0}: refused, nothing fetched or installed")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void aManifestWithADoctypeIsRefusedBeforeAnyExpansion(int kind) throws Exception {
        String reference = kind == 5 ? "&lol9;" : kind == 6 ? "&a;&a;&a;&a;&a;&a;&a;&a;" : "&xxe;";

        AppResponse r = install(manifest(100 + kind, attack(kind), reference));

        assertThat(r.responseClass()).isEqualTo("Error");
        assertThat(canary.connections()).as("connections to the canary").isZero();
        assertThat(SoapResponses.app(server.soap(Envelopes.app("Exchange2013", "<m:GetAppManifests/>"),
                TestServer.ALICE, TestServer.PASSWORD).body(), "GetAppManifests").manifests()).as("nothing installed").isEmpty();
    }

    @Test
    void anEntityReferenceWithoutADoctypeIsRefusedToo() throws Exception {
        assertThat(install(manifest(200, null, "&xxe;")).responseClass()).isEqualTo("Error");
    }

    @Test
    void schemaLocationAndXIncludeAreNeverFollowedAndAValidManifestStillInstalls() throws Exception {
        String c = canary.url().toString();
        String xml = new String(manifest(300, null, "Contoso"), StandardCharsets.UTF_8)
                .replace("xsi:type=\"MailApp\">", "xsi:type=\"MailApp\" xsi:schemaLocation=\"urn:x " + c + "/m.xsd\">")
                .replace("<ProviderName>", "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\""
                        + secret.toUri() + "\" parse=\"text\"/><ProviderName>");

        AppResponse r = install(xml.getBytes(StandardCharsets.UTF_8));

        assertThat(canary.connections()).isZero();
        assertThat(r.responseClass()).as("%s %s", r.responseCode(), r.messageText()).isIn("Success", "Error");
        assertThat(install(manifest(301, null, "Contoso")).responseCode()).isEqualTo("NoError");
    }
}
