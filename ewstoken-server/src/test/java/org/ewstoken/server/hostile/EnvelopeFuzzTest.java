package org.ewstoken.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.ThrottlePolicy;
import org.ewstoken.store.Permission;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A mutation fuzzer over the whole server: valid envelopes, mutated at random (bit flips, cuts,
 * duplications, XML-significant insertions), sent over HTTP. Every answer must be well-formed HTTP
 * carrying a schema-valid EWS response or fault, never an internal error, and a valid request must
 * still be answered correctly at the end.
 *
 * <p>Deterministic: {@code -Dewstoken.fuzz.seed=N -Dewstoken.fuzz.tries=N} replays or extends a run; a
 * failure names the seed, the try and the input.
 */
@Timeout(300)
class EnvelopeFuzzTest {

    static final long SEED = Long.getLong("ewstoken.fuzz.seed", 20_240_601L);
    static final int TRIES = Integer.getInteger("ewstoken.fuzz.tries", 1000);

    /** Fragments that mean something to an XML parser or to the operation. */
    private static final List<String> DICTIONARY = List.of("<", ">", "</", "/>", "&", "&amp;", "&#0;", "&#x10FFFF;",
            "&xxe;", "<![CDATA[", "]]>", "<!DOCTYPE x [<!ENTITY a \"b\">]>", "\"", "'", "=", "xmlns:t=\"urn:x\"",
            "xmlns=\"\"", "<?pi x?>", "<?xml version=\"1.0\"?>", "<!--", "-->", "\u0000", "\uFFFE", "\uD800",
            "<t:TokenRequest>", "</t:TokenRequest>", "<m:TokenRequests>", "</m:TokenRequests>",
            "<t:TokenType>ScopedToken</t:TokenType>", "<t:Scope>x</t:Scope>", "xsi:nil=\"true\"",
            "<t:RequestServerVersion Version=\"Exchange2007\"/>", "soap:mustUnderstand=\"1\"", "\r\n", " ".repeat(70_000));

    private static final Set<String> FAULT_CODES = Set.of("ErrorSchemaValidation", "ErrorInvalidRequest",
            "ErrorInvalidServerVersion");

    @RegisterExtension
    static final TestServer server = TestServer.perClass(Map.of(
            ThrottlePolicy.USER_BURST, "1000000", ThrottlePolicy.USER_RECHARGE_PER_MINUTE, "1000000"));
    static List<byte[]> corpus;

    @BeforeAll
    static void start() throws Exception {
        server.addUser(TestServer.ALICE);
        server.addAddIn(TestServer.CRM, Permission.READ_WRITE_ITEM, "https://crm.example/read.html", Set.of("Mail.Read"), true, null);
        corpus = List.of(
                Envelopes.getClientAccessToken("Exchange2013", Envelopes.tokenRequest(TestServer.CRM, "CallerIdentity")),
                Envelopes.getClientAccessToken("Exchange2016", Envelopes.tokenRequest(TestServer.CRM, "CallerIdentity"),
                        Envelopes.tokenRequest(TestServer.CRM, "ExtensionCallback"),
                        Envelopes.tokenRequest(TestServer.CRM, "ExtensionRestApiCallback"), Envelopes.scopedRequest(TestServer.CRM, "Mail.Read")),
                Envelopes.getClientAccessToken(null, Envelopes.tokenRequest(TestServer.CRM.toUpperCase(), "ExtensionCallback")))
                .stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Test
    void everyMutatedEnvelopeGetsAWellFormedValidAnswerAndTheServerKeepsWorking() throws Exception {
        Random random = new Random(SEED);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < TRIES; i++) {
            byte[] input = mutate(corpus.get(random.nextInt(corpus.size())), random);
            try {
                outcomes.merge(answer(input), 1, Integer::sum);
            } catch (Throwable e) {
                fail("seed " + SEED + ", try " + i + ": " + e.getMessage() + "\ninput: " + printable(input), e);
            }
        }
        System.out.println("fuzz: " + TRIES + " tries, seed " + SEED + ", outcomes " + outcomes);

        assertThat(outcomes.keySet()).as("the fuzzer reaches both answers").contains("200", "500 ErrorSchemaValidation");
        assertThat(answer(corpus.get(0))).isEqualTo("200");
    }

    /** Sends one body; checks the answer; returns its kind for the tally. */
    private static String answer(byte[] body) throws Exception {
        RawHttp.Response r = RawHttp.exchange(server.server().port(), RawHttp.post("/EWS/Exchange.asmx", body,
                RawHttp.basic(TestServer.ALICE, TestServer.PASSWORD), HostileCases.XML));
        HostileCase.checkCommon(r);
        if (r.status() == 200) {
            assertThat(SoapResponses.messages(r.text())).isNotEmpty();
            return "200";
        }
        assertThat(r.status()).as("%s", r).isEqualTo(500);
        String code = SoapResponses.fault(r.text()).responseCode();
        assertThat(code).as("never an internal error").isIn(FAULT_CODES);
        return "500 " + code;
    }

    static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed;
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            int at = random.nextInt(b.length + 1);
            switch (random.nextInt(7)) {
                case 0 -> { // flip a bit
                    if (b.length > 0) {
                        b = b.clone();
                        int i = random.nextInt(b.length);
                        b[i] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> b = splice(b, at, at + random.nextInt(Math.min(64, b.length - at) + 1), new byte[0]); // cut
                case 2 -> { // duplicate a range
                    int from = random.nextInt(b.length);
                    int to = Math.min(b.length, from + 1 + random.nextInt(200));
                    b = splice(b, at, at, java.util.Arrays.copyOfRange(b, from, to));
                }
                case 3 -> b = splice(b, at, at, DICTIONARY.get(random.nextInt(DICTIONARY.size())).getBytes(StandardCharsets.UTF_8));
                case 4 -> b = java.util.Arrays.copyOf(b, at); // truncate
                case 5 -> { // overwrite with a random byte
                    if (at < b.length) {
                        b = b.clone();
                        b[at] = (byte) random.nextInt(256);
                    }
                }
                default -> b = splice(b, at, Math.min(b.length, at + random.nextInt(16)), // replace a little with a token
                        DICTIONARY.get(random.nextInt(DICTIONARY.size())).getBytes(StandardCharsets.UTF_8));
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
        out.write(b, 0, from);
        out.writeBytes(insert);
        out.write(b, to, b.length - to);
        return out.toByteArray();
    }

    private static String printable(byte[] input) {
        String s = new String(input, StandardCharsets.ISO_8859_1);
        return s.length() > 4000 ? s.substring(0, 4000) + "...(" + s.length() + " bytes)" : s;
    }
}
