package org.ewstoken.store;

import java.time.Instant;
import java.util.UUID;

/** The callback-token use log ({@link CallbackUseLog}) keeps the append-only log's contract. */
class CallbackUseLogTest extends AppendOnlyLogContract<CallbackUse> {

    CallbackUseLogTest() {
        super(CallbackUseLogTest::log,
                CallbackUse::id, CallbackUse::usedAt, "append callback-token use records failed");
    }

    private static Log<CallbackUse> log(Database db) {
        CallbackUseLog log = db.callbackUseLog();
        return new Log<>(log::append, log::newest, log::deleteBefore);
    }

    @Override
    CallbackUse entry(Instant at) {
        return new CallbackUse(UUID.randomUUID(), at, "node-a", "alice@contoso.com",
                "1c50226d-04b5-4ab2-9fcd-42e236b59e4b", "GetItem", "AAMkAD=", "refused", "token-" + at.toEpochMilli());
    }
}
