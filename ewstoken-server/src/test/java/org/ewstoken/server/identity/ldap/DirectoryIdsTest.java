package org.ewstoken.server.identity.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DirectoryIdsTest {

    @Test
    void anObjectGuidReadsAsAdToolsPrintIt() {
        // Get-ADUser shows 2f1c8a4e-9b3d-4e7a-8c21-5d6e7f809a1b for these bytes (first three fields little-endian).
        byte[] bytes = HexFormat.of().parseHex("4e8a1c2f3d9b7a4e8c215d6e7f809a1b");
        assertThat(DirectoryIds.fromObjectGuid(bytes)).contains(UUID.fromString("2f1c8a4e-9b3d-4e7a-8c21-5d6e7f809a1b"));
        assertThat(DirectoryIds.toObjectGuid(UUID.fromString("2f1c8a4e-9b3d-4e7a-8c21-5d6e7f809a1b"))).isEqualTo(bytes);
    }

    @Test
    void malformedIdsAreNoIds() {
        assertThat(DirectoryIds.fromObjectGuid(new byte[15])).isEmpty();
        assertThat(DirectoryIds.fromObjectGuid(null)).isEmpty();
        assertThat(DirectoryIds.fromEntryUuid("not-a-uuid")).isEmpty();
    }
}
