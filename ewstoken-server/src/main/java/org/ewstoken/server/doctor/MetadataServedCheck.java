package org.ewstoken.server.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import org.ewstoken.server.keys.KeyRing;

/**
 * A URL serves this installation's metadata document: reachable, HTTP 200, JSON whose keys include the key that
 * signs now. Validators fetch the document from the tokens' {@code amurl}; one they cannot fetch, or another
 * installation's, fails every identity token.
 */
record MetadataServedCheck(URI url, KeyRing keys, Clock clock, String fix) implements Check.Probe {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Outcome run() throws InterruptedException {
        Http.Answer answer;
        try {
            answer = Http.get(url);
        } catch (java.io.IOException e) {
            return Outcome.fail(url + " cannot be reached: " + Problems.describe(e), fix);
        }
        if (answer.status() != 200) {
            return Outcome.fail(url + " answered HTTP " + answer.status() + ", not the metadata document", fix);
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(answer.body());
        } catch (java.io.IOException e) {
            return Outcome.fail(url + " answered something that is not the metadata document (not JSON)", fix);
        }
        String signing = SigningKeysCheck.signingKeyId(keys, clock.instant());
        for (JsonNode k : doc.path("keys")) {
            if (k.path("keyinfo").path("x5t").asText("").equals(signing)) {
                return Outcome.ok(url + " serves the metadata document with the signing key " + signing);
            }
        }
        return Outcome.fail(url + " serves a metadata document without this installation's signing key " + signing,
                "that URL reaches another installation or an old copy; point it at this one (every node shares one store)");
    }
}
