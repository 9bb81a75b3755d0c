package org.ewstoken.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.store.Permission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole server over HTTP, with its default limits, against the hostile catalogue: each request
 * gets its one right answer, well-formed and small, nothing is fetched or read from disk, and the
 * server answers a valid request correctly afterwards. (The parser's own hostile tests are in the
 * protocol module; these go through the real HTTP stack, authentication and all.)
 */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {

    static final String SECRET = "TOP-SECRET-FILE-CONTENT-7f3a";

    @TempDir static Path dir;
    @RegisterExtension
    static final TestServer server = TestServer.perClass().with(TestServer.ALICE_AND_CRM);
    static Canary canary;
    static HostileCases cases;

    @BeforeAll
    static void start() throws Exception {
        canary = Canary.open();
        Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET);
        cases = new HostileCases(TestServer.ALICE, TestServer.PASSWORD, TestServer.CRM, canary.url(), secret.toUri());
    }

    @AfterAll
    static void stop() throws Exception {
        canary.close();
    }

    static Stream<HostileCase> catalogue() {
        return cases.all().stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void eachHostileRequestGetsItsOneRightAnswer(HostileCase hostile) throws Exception {
        RawHttp.Response response = RawHttp.exchange(server.server().port(), hostile.request());

        HostileCase.checkCommon(response);
        assertThat(response.text()).doesNotContain(SECRET);
        hostile.expect().check(response);
    }

    @Order(2)
    @Test
    void afterwardsNothingWasFetchedAndAValidRequestIsAnsweredCorrectly() throws Exception {
        List<HostileCase> all = cases.all();
        assertThat(all).as("hostile cases").hasSizeGreaterThanOrEqualTo(40);
        assertThat(canary.connections()).as("connections to the canary URL").isZero();

        RawHttp.Response response = RawHttp.exchange(server.server().port(),
                RawHttp.post("/EWS/Exchange.asmx", cases.valid().getBytes(StandardCharsets.UTF_8),
                        RawHttp.basic(TestServer.ALICE, TestServer.PASSWORD), HostileCases.XML));
        assertThat(response.status()).isEqualTo(200);
        assertThat(SoapResponses.messages(response.text())).singleElement()
                .satisfies(m -> assertThat(m.responseCode()).isEqualTo("NoError"));
    }
}
