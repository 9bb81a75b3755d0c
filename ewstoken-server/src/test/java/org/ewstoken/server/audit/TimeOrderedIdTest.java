package org.ewstoken.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Audit record ids: RFC 9562 version 7 UUIDs, ordered by time, never repeated. */
class TimeOrderedIdTest {

    @Test
    void theyAreVersion7WithTheRfcVariantAndTheMillisecondUpFront() {
        Instant at = Instant.parse("2026-11-24T10:00:00.123Z");
        UUID id = AuditWriter.timeOrderedId(at);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
    }

    @Test
    void laterIdsSortAfterEarlierOnesAndNoneRepeats() {
        Instant at = Instant.parse("2026-11-24T10:00:00Z");
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(AuditWriter.timeOrderedId(at))).isTrue();
        }
        UUID earlier = AuditWriter.timeOrderedId(at);
        UUID later = AuditWriter.timeOrderedId(at.plusMillis(1));
        assertThat(later.toString()).isGreaterThan(earlier.toString()); // the text form orders like the database
    }
}
