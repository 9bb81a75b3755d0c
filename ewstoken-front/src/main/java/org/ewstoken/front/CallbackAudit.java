package org.ewstoken.front;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.ewstoken.store.CallbackUse;
import org.ewstoken.store.CallbackUseLog;
import org.ewstoken.validation.CallbackToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a record of every callback-token use (mailbox, add-in, operation, item, verdict; never the token) to the
 * store's callback-use log, off the request path: requests only queue; one thread writes batches and deletes
 * records past audit-retention. A full queue drops records (counted, warned about) rather than slow requests, as
 * the token audit does. Started and stopped with the server; stopping writes what is queued.
 */
final class CallbackAudit extends AbstractLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackAudit.class);
    private static final int CAPACITY = 100_000;
    private static final int MAX_BATCH = 500;

    private final CallbackUseLog log;
    private final String node;
    private final Clock clock;
    private final Duration retention;
    private final BlockingQueue<CallbackUse> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closing;
    private Thread thread;
    private Instant nextPurge = Instant.MIN;

    CallbackAudit(CallbackUseLog log, String node, Clock clock, Duration retention) {
        this.log = log;
        this.node = node;
        this.clock = clock;
        this.retention = retention;
    }

    void record(CallbackToken token, String addInId, String operation, String itemId, String verdict) {
        Instant at = clock.instant();
        offer(new CallbackUse(id(at), at, node, token.smtp(), addInId, operation, itemId, verdict, token.tokenId()));
    }

    /** A use whose token was not valid: nothing in it can be believed, so only the verdict is kept. */
    void recordUnknown(String reason) {
        Instant at = clock.instant();
        offer(new CallbackUse(id(at), at, node, "", "", "", "", "refused:" + reason, ""));
    }

    private void offer(CallbackUse use) {
        if (closing || !queue.offer(use)) {
            if (dropped.incrementAndGet() % 10_000 == 1) {
                LOG.warn("callback-token audit queue full: {} records dropped so far; is the database slow?", dropped.get());
            }
        }
    }

    /** A version 7 UUID of the use's own time (the server's clock), as the audit log's ids are. */
    private static UUID id(Instant at) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (at.toEpochMilli() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }

    @Override
    protected void doStart() {
        closing = false;
        thread = new Thread(this::run, "ewstoken-callback-audit");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    protected void doStop() throws InterruptedException {
        closing = true;
        thread.join(5000);
        if (thread.isAlive()) thread.interrupt();
    }

    private void run() {
        List<CallbackUse> batch = new ArrayList<>(MAX_BATCH);
        while (!closing || !queue.isEmpty()) {
            try {
                CallbackUse first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    log.append(batch);
                    batch.clear();
                }
                Instant now = clock.instant();
                if (!now.isBefore(nextPurge)) {
                    nextPurge = now.plus(Duration.ofHours(1));
                    log.deleteBefore(now.minus(retention));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) { // StoreException among them
                LOG.warn("callback-token audit: {} records not written: {}", batch.size(), e.getMessage());
                batch.clear();
                if (closing) return;
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }
}
