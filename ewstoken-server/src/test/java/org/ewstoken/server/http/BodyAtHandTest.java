package org.ewstoken.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.io.content.AsyncContent;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** Reading what of a body has arrived without waiting, and handing the rest to a blocking reader. */
class BodyAtHandTest {

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aBodyThatCameWholeIsCompleteAndReadAsSent() throws Exception {
        AsyncContent content = new AsyncContent();
        content.write(false, ascii("<soap:"), Callback.NOOP);
        content.write(true, ascii("Envelope/>"), Callback.NOOP);

        BodyAtHand body = BodyAtHand.read(content, 100);

        assertThat(body.complete()).isTrue();
        assertThat(body.tooLarge()).isFalse();
        assertThat(body.stream().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("<soap:Envelope/>");
    }

    @Test
    void aBodyStillArrivingIsContinuedByTheBlockingReaderFromWhereItStopped() throws Exception {
        AsyncContent content = new AsyncContent();
        content.write(false, ascii("<soap:"), Callback.NOOP);

        BodyAtHand body = BodyAtHand.read(content, 100);
        assertThat(body.complete()).isFalse();
        content.write(true, ascii("Envelope/>"), Callback.NOOP);

        try (InputStream whole = body.then(content)) {
            assertThat(whole.readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("<soap:Envelope/>");
        }
    }

    @Test
    void moreThanTheLimitIsTooLargeWhetherOrNotItsEndCame() {
        AsyncContent whole = new AsyncContent();
        whole.write(true, ascii("x".repeat(101)), Callback.NOOP);
        AsyncContent growing = new AsyncContent();
        growing.write(false, ascii("x".repeat(60)), Callback.NOOP);
        growing.write(false, ascii("x".repeat(60)), Callback.NOOP);

        assertThat(BodyAtHand.read(whole, 100).tooLarge()).isTrue();
        assertThat(BodyAtHand.read(growing, 100).tooLarge()).isTrue();
        AsyncContent exact = new AsyncContent();
        exact.write(true, ascii("x".repeat(100)), Callback.NOOP);
        assertThat(BodyAtHand.read(exact, 100).complete()).as("exactly the limit").isTrue();
    }

    @Test
    void aFailedBodyIsLeftToTheBlockingReaderWhichSeesTheFailure() {
        AsyncContent content = new AsyncContent();
        content.fail(new java.io.IOException("reset"));

        BodyAtHand body = BodyAtHand.read(content, 100);

        assertThat(body.complete()).isFalse();
        assertThat(body.tooLarge()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> body.then(content).readAllBytes())
                .isInstanceOf(java.io.IOException.class);
    }
}
