package org.ewstoken.server.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import org.ewstoken.server.config.OidcSettings;

/** The OpenID provider's discovery document names the configured issuer and a key set that can be fetched. */
record OidcDiscoveryCheck(OidcSettings settings) implements Check.Probe {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Outcome run() throws InterruptedException {
        if (!settings.enabled()) return Outcome.skipped("no oidc-issuer");
        URI issuer = settings.issuer().orElseThrow();
        URI wellKnown = URI.create(issuer + "/.well-known/openid-configuration");
        String fix = "check oidc-issuer: it must be the provider's issuer exactly, reachable from here";
        try {
            Http.Answer doc = Http.get(wellKnown);
            if (doc.status() != 200) return Outcome.fail(wellKnown + " answered HTTP " + doc.status(), fix);
            JsonNode json = JSON.readTree(doc.body());
            String named = json.path("issuer").asText("");
            if (!named.equals(issuer.toString()) && !named.equals(issuer + "/")) {
                return Outcome.fail("the discovery document names the issuer '" + named + "', not " + issuer, fix);
            }
            URI jwks = URI.create(json.path("jwks_uri").asText(""));
            Http.Answer keys = Http.get(jwks);
            if (keys.status() != 200 || !JSON.readTree(keys.body()).path("keys").isArray()) {
                return Outcome.fail("the key set " + jwks + " answered HTTP " + keys.status() + " without keys", fix);
            }
            return Outcome.ok(issuer + " publishes its discovery document and its key set");
        } catch (IOException | IllegalArgumentException e) {
            return Outcome.fail(wellKnown + ": " + Problems.describe(e), fix);
        }
    }
}
