package org.ewstoken.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.ewstoken.server.http.Route;
import org.junit.jupiter.api.Test;

class EwsRouterTest {

    static boolean fast(String body, java.nio.charset.Charset cs) {
        byte[] b = body.getBytes(cs);
        return EwsRouter.cannotBeLocal(b, b.length);
    }

    @Test
    void onlyABodyThatCannotNameALocalOperationSkipsTheParser() {
        assertThat(fast(PassThroughTest.GET_ITEM, StandardCharsets.UTF_8)).isTrue();
        assertThat(fast("\uFEFF  " + PassThroughTest.GET_ITEM, StandardCharsets.UTF_8)).isTrue();
        assertThat(fast(PassThroughTest.GET_ITEM.replace("GetItem", "GetClientAccessToken"), StandardCharsets.UTF_8)).isFalse();
        assertThat(fast(PassThroughTest.GET_ITEM.replace("x:GetItem", "x:InstallApp"), StandardCharsets.UTF_8)).isFalse();
        assertThat(fast(PassThroughTest.GET_ITEM, StandardCharsets.UTF_16)).as("parsed: not ASCII-compatible").isFalse();
        assertThat(fast("hello", StandardCharsets.UTF_8)).as("parsed: does not start with <").isFalse();
    }

    @Test
    void everyLocalOperationsNameAnywhereInTheBodySendsItToTheParser() {
        for (String name : EwsRouter.LOCAL_OPERATIONS) {
            assertThat(fast(PassThroughTest.GET_ITEM.replace("GetItem", name), StandardCharsets.UTF_8)).as(name).isFalse();
            assertThat(fast("<a>" + name, StandardCharsets.UTF_8)).as(name + " at the very end").isFalse();
            assertThat(fast("<a>" + name.substring(0, name.length() - 1), StandardCharsets.UTF_8))
                    .as(name + " cut short").isTrue();
        }
    }

    @Test
    void thePassThroughHandlersDeclareThemselvesNonBlockingAndCorsIsAsNonBlockingAsWhatItWraps() {
        EwsRouter router = new EwsRouter(null, (q, s, c) -> false, null, null, null, null, 0);
        assertThat(Route.isNonBlocking(router)).as("runs on the selector thread that read the request").isTrue();
        assertThat(Route.isNonBlocking(new PathRouter(null, null, null))).isTrue();
        assertThat(Route.isNonBlocking(new TaskPaneCors(null, router))).isTrue();
        assertThat(Route.isNonBlocking(new TaskPaneCors(null, (q, s, c) -> false))).isFalse();
    }
}
