package org.ewstoken.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class RequiredServiceTest {

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void captureConsole() {
        original = System.out;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreConsole() {
        System.setOut(original);
    }

    @Test
    void anAvailableServiceLetsTheTestRunAndIsProbedOnce() {
        AtomicInteger probes = new AtomicInteger();
        RequiredService service = RequiredService.of("a service", () -> {
            probes.incrementAndGet();
            return null;
        });

        service.assume();
        service.assume();

        assertThat(service.available()).isTrue();
        assertThat(probes).hasValue(1);
        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aMissingServiceSkipsWithOneLineNamingTheClassOrFailsInCi() {
        RequiredService service = RequiredService.of("the test service", () -> "it was never installed (apt-get install it)");

        for (int i = 0; i < 3; i++) {
            if (RequiredService.inCi()) {
                assertThatThrownBy(service::assume).isInstanceOf(IllegalStateException.class)
                        .hasMessage("CI must run RequiredServiceTest, but the test service is not available:"
                                + " it was never installed (apt-get install it)");
            } else {
                assertThatThrownBy(service::assume).isInstanceOf(TestAbortedException.class)
                        .hasMessage("the test service is not available: it was never installed (apt-get install it)");
            }
        }

        assertThat(service.available()).isFalse();
        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo(RequiredService.inCi() ? ""
                : "[SKIPPED] RequiredServiceTest: the test service is not available: it was never installed"
                        + " (apt-get install it)" + System.lineSeparator());
    }

    @Test
    void aProgramIsThereWhenItIsExecutable() {
        assertThat(RequiredService.executable("/bin/sh", "apt-get install dash")).isNull();
        assertThat(RequiredService.executable("/no/such/program", "apt-get install it"))
                .isEqualTo("/no/such/program is missing (apt-get install it)");
    }
}
