package org.ewstoken.store;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** The token audit log keeps the append-only log's contract. */
class AuditLogTest extends AppendOnlyLogContract<AuditRecord> {

    AuditLogTest() {
        super(AuditLogTest::log,
                AuditRecord::id, AuditRecord::issuedAt, "append audit records failed");
    }

    private static Log<AuditRecord> log(Database db) {
        AuditLog log = db.auditLog();
        return new Log<>(log::append, log::newest, log::deleteIssuedBefore);
    }

    @Override
    AuditRecord entry(Instant at) {
        return new AuditRecord(UUID.randomUUID(), at, "node-a", "alice@contoso.com",
                "1c50226d-04b5-4ab2-9fcd-42e236b59e4b", "CallerIdentity", "x5t-abc", at.plus(Duration.ofHours(8)));
    }
}
