package org.ewstoken.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.ewstoken.testkit.RequiredService;
import org.junit.jupiter.api.Test;

/** The server does not wait for the native provider to start: the JDK's signs meanwhile. */
class LiveProviderTest {

    /** Runs what it is given only when told to: "the native provider is still loading" until then. */
    static final class Later implements Executor {
        final List<Runnable> queued = new ArrayList<>();

        @Override
        public void execute(Runnable command) {
            queued.add(command);
        }

        void runAll() {
            queued.forEach(Runnable::run);
            queued.clear();
        }
    }

    @Test
    void automaticallyTheJdkSignsUntilTheNativeProviderIsReadyThenTheNativeOne() {
        RequiredService.assume("The native crypto provider", System.getProperty("os.name").startsWith("Linux")
                && System.getProperty("os.arch").matches("amd64|x86_64") ? null : "its build is for Linux x86_64 only");
        Later loading = new Later();
        LiveProvider live = LiveProvider.begin("auto", loading);

        assertThat(live.get()).as("the JDK's default selection").isNull();
        assertThat(atStart(live).description()).startsWith("JDK").contains("until the native provider");

        loading.runAll();

        assertThat(live.get()).isNotNull();
        assertThat(live.get().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
        assertThat(live.awaitProvider()).isSameAs(live.get());
    }

    @Test
    void laterTheNativeProviderIsLoadedOnlyWhenAskedForAndOnlyOnce() {
        Later loading = new Later();
        LiveProvider live = LiveProvider.later("auto", loading);

        assertThat(loading.queued).as("nothing loads before the server asks").isEmpty();
        assertThat(live.description()).startsWith("JDK").contains("until the native provider");
        assertThat(live.get()).isNull();

        live.load();
        live.load();
        assertThat(loading.queued).as("loaded once").hasSize(1);
        loading.runAll();
        assertThat(live.description()).doesNotContain("until the native provider");
    }

    private static SignatureProviders.Choice atStart(LiveProvider live) {
        try {
            return live.atStart();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aForcedChoiceIsMadeBeforeTheServerStartsAndNonsenseFailsTheStart() throws Exception {
        Later choosing = new Later();
        LiveProvider jdk = LiveProvider.begin("jdk", choosing);
        choosing.runAll();
        assertThat(jdk.atStart().description()).startsWith("JDK").contains("forced");
        assertThat(jdk.get()).isNull();

        LiveProvider nonsense = LiveProvider.begin("fastest", Runnable::run);
        assertThatThrownBy(nonsense::atStart).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auto, native or jdk");
    }
}
