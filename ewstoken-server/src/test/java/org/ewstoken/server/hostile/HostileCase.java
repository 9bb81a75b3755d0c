package org.ewstoken.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ewstoken.server.SoapResponses;

/**
 * One request written to hurt, and the answer it must get.
 *
 * @param name    what the request tries
 * @param request the exact bytes sent
 * @param expect  the answer required
 */
public record HostileCase(String name, byte[] request, Expect expect) {

    @Override
    public String toString() {
        return name;
    }

    /** A required answer. Every answer must also pass {@link #checkCommon}. */
    @FunctionalInterface
    public interface Expect {
        void check(RawHttp.Response response);

        /** A plain-text HTTP refusal with this status. */
        static Expect status(int status) {
            return r -> {
                assertThat(r.status()).as("status of %s", r).isEqualTo(status);
                assertThat(r.body().length).as("a short answer").isLessThan(1024);
            };
        }

        /** A 405 naming the allowed methods. */
        static Expect notAllowed(String allow) {
            return r -> {
                status(405).check(r);
                assertThat(r.header("Allow")).isEqualTo(allow);
            };
        }

        /** An EWS SOAP fault (HTTP 500) with this ResponseCode, valid against the schemas. */
        static Expect fault(String responseCode, String violationFragment) {
            return r -> {
                assertThat(r.status()).as("status of %s", r).isEqualTo(500);
                assertThat(r.header("Content-Type")).startsWith("text/xml");
                SoapResponses.Fault f = SoapResponses.fault(r.text());
                assertThat(f.responseCode()).as("%s", r).isEqualTo(responseCode);
                assertThat(f.faultcode()).isEqualTo("a:" + responseCode);
                if (violationFragment != null) assertThat(f.violation()).contains(violationFragment);
                assertThat(r.body().length).as("a small fault").isLessThan(4096);
            };
        }

        static Expect fault(String responseCode) {
            return fault(responseCode, null);
        }

        /** A schema-valid GetClientAccessToken answer whose messages have these ResponseCodes. */
        static Expect answered(String... responseCodes) {
            return r -> {
                assertThat(r.status()).as("status of %s", r).isEqualTo(200);
                List<SoapResponses.Message> messages = SoapResponses.messages(r.text());
                assertThat(messages).extracting(SoapResponses.Message::responseCode).containsExactly(responseCodes);
            };
        }

        /** One of the given statuses (where HTTP itself lets the server choose, e.g. 400 or 404). */
        static Expect statusIn(Integer... statuses) {
            return r -> {
                assertThat(r.status()).as("status of %s", r).isIn((Object[]) statuses);
                assertThat(r.body().length).as("a short answer").isLessThan(1024);
            };
        }
    }

    /** What every answer to every hostile request must be: well-formed, small, no internals. */
    /**
     * What an answer must never show: a library's configuration (Jackson's StreamReadConstraints or
     * JsonReadFeature, Woodstox's properties), a qualified class name, a source file or a file system path.
     */
    static final String INTERNALS = "(?s).*(StreamReadConstraints|StreamWriteConstraints|JsonReadFeature|"
            + "StreamReadFeature|DeserializationFeature|fasterxml|jackson|Jackson|com\\.ctc|XMLInputFactory|"
            + "\\b(java|javax|org|com)\\.[a-z]+\\.[a-zA-Z.]*[A-Z]\\w+|\\.java\\b|/tmp/|/work/|/home/|/root/|/var/lib/).*";

    public static void checkCommon(RawHttp.Response r) {
        String text = r.text();
        assertThat(r.status()).as("a final status").isBetween(200, 599);
        assertThat(text).as("no Java internals in the answer")
                .doesNotContain("Exception", "at org.", "at java.", "jetty", "Jetty", "woodstox", "ctc.wstx");
        assertThat(text).as("no library, setting, class or path in the answer").doesNotMatch(INTERNALS);
        assertThat(r.body().length).as("bounded answer size").isLessThan(128 * 1024);
    }
}
