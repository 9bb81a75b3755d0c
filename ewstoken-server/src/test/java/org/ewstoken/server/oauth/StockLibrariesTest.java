package org.ewstoken.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.server.oauth.ExchangeFixture.ADDIN_URL;
import static org.ewstoken.server.oauth.ExchangeFixture.BACKEND;
import static org.ewstoken.server.oauth.ExchangeFixture.IDENTITY_ISSUER;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.ewstoken.server.Jwts;
import org.ewstoken.testkit.RequiredService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An identity token and an exchanged access token verify with stock libraries given the jwks_uri alone (no
 * Exchange-specific code), before and after a key rotation; a forged token and a wrong audience do not. Node's jose
 * and Python's PyJWT run as the back ends of docs/validation.md would; Java uses nimbus.
 */
class StockLibrariesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NODE_SOURCES = Path.of("src/test/node");
    private static final Path NODE_WORK = Path.of("target/node-jose");
    private static final String PYTHON = "/usr/bin/python3";

    @RegisterExtension
    static final RequiredService NODE = RequiredService.of("Node.js with jose", StockLibrariesTest::nodeProblem);

    @TempDir Path dir;

    /** One token to check, and whether it must verify. */
    record Check(String token, String audience, String issuer, boolean valid) {}

    @Test
    void nimbusVerifiesFromTheJwksUriAlone() throws Exception {
        run(checks -> {
            List<Boolean> out = new ArrayList<>();
            for (Check c : checks.checks()) out.add(nimbus(checks.jwksUri(), c));
            return out;
        });
    }

    @Test
    void joseVerifiesFromTheJwksUriAlone() throws Exception {
        NODE.assume();
        run(checks -> script(List.of("/usr/bin/node", NODE_WORK.resolve("verify.mjs").toAbsolutePath().toString()),
                NODE_WORK, checks));
    }

    @Test
    void pyJwtVerifiesFromTheJwksUriAlone() throws Exception {
        RequiredService.assume("PyJWT (python3-jwt)", pythonProblem());
        run(checks -> script(List.of(PYTHON, Path.of("src/test/python/verify.py").toAbsolutePath().toString()),
                Path.of("."), checks));
    }

    /** What one library is given: the key set's URL and the tokens. */
    record Checks(String jwksUri, List<Check> checks) {}

    @FunctionalInterface
    interface Verifier {
        List<Boolean> verify(Checks checks) throws Exception;
    }

    /** Before a rotation, then after it with the old key's tokens still alive: each verdict as expected. */
    private void run(Verifier verifier) throws Exception {
        try (ExchangeFixture f = ExchangeFixture.start(dir)) {
            String issuer = f.issuer();
            String idBefore = f.identityToken();
            String accessBefore = f.exchange(idBefore);
            List<Check> before = List.of(new Check(idBefore, ADDIN_URL, IDENTITY_ISSUER, true),
                    new Check(accessBefore, BACKEND, issuer, true));
            assertThat(verifier.verify(new Checks(f.jwksUri(), before))).containsExactly(true, true);

            f.server().server().keyRing().rotate();
            String idAfter = f.identityToken();
            String accessAfter = f.exchange(idAfter);
            assertThat(Jwts.header(idAfter).get("kid").asText()).isNotEqualTo(Jwts.header(idBefore).get("kid").asText());
            List<Check> after = List.of(before.get(0), before.get(1),
                    new Check(idAfter, ADDIN_URL, IDENTITY_ISSUER, true),
                    new Check(accessAfter, BACKEND, issuer, true),
                    new Check(forged(accessAfter), BACKEND, issuer, false),
                    new Check(accessAfter, "https://api.fabrikam.com/", issuer, false),
                    new Check(idAfter, ADDIN_URL, issuer, false)); // identity tokens carry Exchange's iss
            assertThat(verifier.verify(new Checks(f.jwksUri(), after)))
                    .containsExactly(after.stream().map(Check::valid).toArray(Boolean[]::new));
        }
    }

    /** nimbus as a Java back end (or Spring's NimbusJwtDecoder.withJwkSetUri) uses it: a JWK source at the URL. */
    private static boolean nimbus(String jwksUri, Check c) throws Exception {
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(new URL(jwksUri)).build();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(c.audience(),
                new JWTClaimsSet.Builder().issuer(c.issuer()).build(), Set.of("exp")));
        try {
            processor.process(c.token(), null);
            return true;
        } catch (Exception refused) {
            return false;
        }
    }

    /** Runs a verifier script with the checks on stdin; true for each line that says ok. */
    private static List<Boolean> script(List<String> command, Path workDir, Checks checks) throws Exception {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("jwks_uri", checks.jwksUri());
        List<Map<String, String>> list = new ArrayList<>();
        for (Check c : checks.checks()) list.add(Map.of("token", c.token(), "audience", c.audience(), "issuer", c.issuer()));
        input.put("checks", list);
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(false).start();
        p.getOutputStream().write(JSON.writeValueAsBytes(input));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        List<Boolean> verdicts = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            JsonNode r = JSON.readTree(line);
            verdicts.add(r.get("ok").asBoolean());
        }
        assertThat(verdicts).as(out + err).hasSize(checks.checks().size());
        return verdicts;
    }

    /** The payload changed after signing. */
    private static String forged(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"iat\":", "\"iat\": ");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static String pythonProblem() {
        String missing = RequiredService.executable(PYTHON, "apt-get install python3");
        if (missing != null) return missing;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import jwt").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? null
                    : "the jwt module is missing (apt-get install python3-jwt)";
        } catch (IOException | InterruptedException e) {
            return "python3 could not be run: " + e.getMessage();
        }
    }

    /** Node, and jose installed from the committed lock file into target/ (once per build). */
    private static String nodeProblem() {
        String missing = RequiredService.executable("/usr/bin/node", "apt-get install nodejs npm");
        if (missing != null) return missing;
        if (Files.isRegularFile(NODE_WORK.resolve("node_modules/jose/package.json"))) return null;
        try {
            Files.createDirectories(NODE_WORK);
            for (String f : List.of("package.json", "package-lock.json", "verify.mjs")) {
                Files.copy(NODE_SOURCES.resolve(f), NODE_WORK.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Process p = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
                    .directory(NODE_WORK.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "npm ci of jose failed (is npm installed and the npm registry reachable?): " + out.strip();
            }
            return null;
        } catch (IOException | InterruptedException e) {
            return "npm could not be run (apt-get install npm): " + e.getMessage();
        }
    }
}
