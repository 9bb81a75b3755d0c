package org.ewstoken.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.ewstoken.testkit.TestClock;
import org.junit.jupiter.api.Test;

/** Console sessions end after the idle timeout, and after the absolute one however busy they are. */
class ConsoleSessionsTest {


    @Test
    void anIdleSessionEnds() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        ConsoleSessions sessions = new ConsoleSessions(clock);
        String id = sessions.create("root@contoso.com").id();
        clock.advance(ConsoleSessions.IDLE.minusSeconds(1));
        assertThat(sessions.find(id)).isPresent(); // and the use moves the idle deadline on
        clock.advance(ConsoleSessions.IDLE.minusSeconds(1));
        assertThat(sessions.find(id)).isPresent();
        clock.advance(ConsoleSessions.IDLE);
        assertThat(sessions.find(id)).isEmpty();
    }

    @Test
    void aBusySessionEndsAtTheAbsoluteTimeout() {
        TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
        ConsoleSessions sessions = new ConsoleSessions(clock);
        ConsoleSessions.Session s = sessions.create("root@contoso.com");
        while (clock.instant().isBefore(s.expiresAt().minusSeconds(60))) {
            assertThat(sessions.find(s.id())).isPresent();
            clock.advance(Duration.ofMinutes(10));
        }
        clock.set(s.expiresAt());
        assertThat(sessions.find(s.id())).isEmpty();
    }

    @Test
    void sessionsAndCsrfTokensAreUnguessableAndDistinct() {
        ConsoleSessions sessions = new ConsoleSessions(Clock.systemUTC());
        ConsoleSessions.Session a = sessions.create("a@contoso.com");
        ConsoleSessions.Session b = sessions.create("a@contoso.com");
        assertThat(a.id()).isNotEqualTo(b.id()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(a.csrfToken()).isNotEqualTo(a.id()).isNotEqualTo(b.csrfToken());
        assertThat(a.csrfMatches(a.csrfToken())).isTrue();
        assertThat(a.csrfMatches(b.csrfToken())).isFalse();
        assertThat(a.csrfMatches(null)).isFalse();
        sessions.endAllOf("a@contoso.com");
        assertThat(sessions.find(a.id())).isEmpty();
    }
}
