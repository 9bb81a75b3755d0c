package org.ewstoken.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.ThrottlePolicy;
import org.ewstoken.server.throttle.ThrottleEvents;
import org.ewstoken.store.Permission;
import org.ewstoken.testkit.TestClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Per-user throttling over HTTP, as EWS does it: a user over its concurrency or its budget gets
 * ErrorServerBusy with BackOffMilliseconds in MessageXml, and nobody else notices. The budgets run on a clock the
 * test moves, so that how fast a loaded machine makes the calls does not refill them.
 */
@Timeout(60)
class ThrottlingTest {

    static final String T = "http://schemas.microsoft.com/exchange/services/2006/types";

    static final TestClock clock = TestClock.now();

    @RegisterExtension
    static final TestServer server = TestServer.perClass(Map.of(
            ThrottlePolicy.USER_MAX_CONCURRENCY, "2", ThrottlePolicy.USER_BURST, "10",
            ThrottlePolicy.USER_RECHARGE_PER_MINUTE, "60")).clock(clock);
    static HostileCases requests;

    @BeforeAll
    static void start() throws Exception {
        for (String u : List.of("carol", "dave", "erin", "frank", "noisy", "quiet")) server.addUser(u + "@contoso.com");
        server.addAddIn(TestServer.CRM, Permission.READ_ITEM, "https://crm.example/read.html", Set.of(), true, null);
        requests = new HostileCases(null, null, TestServer.CRM, null, null);
    }

    private static RawHttp.Response call(String user) throws Exception {
        return RawHttp.exchange(server.server().port(), request(user, requests.valid().getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] request(String user, byte[] body) {
        return RawHttp.post("/EWS/Exchange.asmx", body, RawHttp.basic(user + "@contoso.com", TestServer.PASSWORD),
                HostileCases.XML);
    }

    private static void assertTokens(RawHttp.Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(SoapResponses.messages(r.text())).extracting(SoapResponses.Message::responseCode).containsOnly("NoError");
    }

    /** The fault's BackOffMilliseconds, after checking the fault is Exchange's ErrorServerBusy, schema-valid. */
    private static long assertServerBusy(RawHttp.Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(500);
        assertThat(SoapResponses.fault(r.text()).responseCode()).isEqualTo("ErrorServerBusy");
        Document doc = SoapResponses.validated(r.text());
        Element value = (Element) doc.getElementsByTagNameNS(T, "Value").item(0);
        assertThat(value.getAttribute("Name")).isEqualTo("BackOffMilliseconds");
        assertThat(value.getParentNode().getLocalName()).isEqualTo("MessageXml");
        long backOff = Long.parseLong(value.getTextContent());
        assertThat(r.header("Retry-After")).isEqualTo(Long.toString(Math.max(1, (backOff + 999) / 1000)));
        return backOff;
    }

    @Test
    void overBudgetIsErrorServerBusyWithABackOffThatIsEnoughToWait() throws Exception {
        for (int i = 0; i < 10; i++) assertTokens(call("carol"));

        long backOff = assertServerBusy(call("carol"));
        assertThat(backOff).isBetween(1L, 1000L);
        assertTokens(call("dave"));

        assertServerBusy(call("carol")); // no time has passed: still over budget
        clock.advance(Duration.ofMillis(backOff));
        assertTokens(call("carol"));
        assertThat(server.server().throttleEvents().count(ThrottleEvents.Kind.USER_BUDGET)).isPositive();
    }

    @Test
    void overConcurrencyIsErrorServerBusyAndTheSlotsComeBackWhenRequestsEnd() throws Exception {
        assertTokens(call("erin")); // signed in once: the held requests below need no password check to be admitted
        // Two requests whose bodies have not arrived yet: admitted, so they hold erin's two slots.
        byte[] full = request("erin", requests.valid().getBytes(StandardCharsets.UTF_8));
        int headerEnd = new String(full, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Socket s = RawHttp.connect(null, server.server().port(), Duration.ofSeconds(20));
            s.getOutputStream().write(full, 0, headerEnd + 10);
            s.getOutputStream().flush();
            held.add(s);
        }
        // Once the server has admitted both, a third request is refused for concurrency (a back-off of 500 ms; an
        // empty budget would say 1,000). Until then one may still get through: at most a few of erin's ten tokens.
        Thread.sleep(500);
        RawHttp.Response third = call("erin");
        for (int tries = 1; third.status() == 200 && tries < 5; tries++) {
            Thread.sleep(1000);
            third = call("erin");
        }
        assertThat(assertServerBusy(third)).isEqualTo(500);
        assertTokens(call("frank"));

        for (Socket s : held) {
            OutputStream out = s.getOutputStream();
            out.write(full, headerEnd + 10, full.length - headerEnd - 10);
            out.flush();
            try (InputStream in = s.getInputStream()) {
                assertTokens(RawHttp.read(in));
            }
            s.close();
        }
        clock.advance(Duration.ofMinutes(1)); // a full budget again: what is left to prove is that the slots came back
        assertTokens(call("erin"));
    }

    @Test
    void aNoisyUserDoesNotStarveAQuietOne() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Map<Integer, Integer> noisyStatuses = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> noisy = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            noisy.add(pool.submit(() -> {
                while (!stop.get()) {
                    RawHttp.Response r = call("noisy");
                    if (r.status() == 500) assertServerBusy(r); else assertTokens(r);
                    noisyStatuses.merge(r.status(), 1, Integer::sum);
                }
                return null;
            }));
        }
        try {
            // Starving shows as refusals, not as latency (which a loaded machine varies): once the noisy user is
            // being turned away, every request of the quiet one still gets its token.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!noisyStatuses.containsKey(500) && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(noisyStatuses).as("the noisy user is being throttled").containsKey(500);
            for (int i = 0; i < 8; i++) {
                assertTokens(call("quiet"));
            }
        } finally {
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        }
        for (Future<?> f : noisy) f.get(); // rethrows any unexpected answer the noisy user got
        assertThat(noisyStatuses).containsKeys(200, 500).containsOnlyKeys(200, 500);
    }
}
