package org.ewstoken.server.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ewstoken.protocol.TokenType;
import org.ewstoken.server.service.TokenIssuedListener;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.AuditLog;
import org.ewstoken.store.AuditRecord;
import org.ewstoken.store.StoreException;
import org.ewstoken.store.User;
import org.ewstoken.tokens.IssuedToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a record of every issued token to the audit log without slowing the request that issued
 * it: the request thread only puts the record on a bounded queue; one background thread writes
 * what has gathered in batches (waiting a few milliseconds after a record for more), one transaction
 * each, and deletes records older than the retention period about once an hour.
 *
 * <p><b>When the queue is full</b> (the database is slow or down for longer than the queue takes to
 * fill), new records are dropped, counted ({@link #dropped()}, the metric
 * {@code ewstoken_audit_records_dropped_total}) and warned about at most once a minute: tokens keep
 * being issued. A batch that fails to write is kept and retried with growing pauses, so records
 * already taken from the queue are not lost while the database recovers. Records still queued
 * when the process is killed are lost; {@link #close()} writes them first.
 */
public final class AuditWriter implements TokenIssuedListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
    private static final int MAX_BATCH = 500;
    /**
     * How long the writer waits, once a record has come, for more to join its transaction. Under load records
     * come every fraction of a millisecond: without the wait each batch was a record or two, a transaction each,
     * and a request thread woke the writer for each (docs/benchmarks.md, issue 21's fourth session).
     */
    private static final long GATHER_MILLIS = 10;
    private static final Duration PURGE_EVERY = Duration.ofHours(1);
    private static final Duration MAX_RETRY_PAUSE = Duration.ofSeconds(30);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final AuditLog log;
    private final String node;
    private final Clock clock;
    private final Duration retention;
    private final BlockingQueue<AuditRecord> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lastDropWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final Thread thread;
    private volatile boolean closing;
    private Instant nextPurge = Instant.MIN;

    public AuditWriter(AuditLog log, String node, Clock clock, int capacity, Duration retention) {
        this.log = log;
        this.node = node;
        this.clock = clock;
        this.retention = retention;
        // Separate locks for putting and taking: with one lock (ArrayBlockingQueue) request threads queued
        // behind the writer while it drained a batch, and behind each other.
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "ewstoken-audit-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * A version 7 UUID (RFC 9562): milliseconds since the epoch, then 74 random bits. Time-ordered keys
     * append to the index instead of scattering, and no SecureRandom lock is taken per token (a record
     * id needs to be unique, not secret).
     */
    static UUID timeOrderedId(Instant at) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (at.toEpochMilli() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }

    @Override
    public void issued(User caller, AddIn addIn, TokenType type, IssuedToken token) {
        issued(caller, addIn, type.wireName(), token);
    }

    /** A token that is not one of the EWS token types (an exchanged access token), by the name the log records. */
    public void issued(User caller, AddIn addIn, String tokenType, IssuedToken token) {
        Instant at = clock.instant();
        AuditRecord record = new AuditRecord(timeOrderedId(at), at, node, caller.smtpAddress(),
                addIn.id(), tokenType, token.keyId(), token.expiresAt());
        if (closing || !queue.offer(record)) {
            dropped.incrementAndGet();
            long now = System.nanoTime();
            long last = lastDropWarning.get();
            if (now - last >= WARN_EVERY_NANOS && lastDropWarning.compareAndSet(last, now)) {
                LOG.warn("audit queue full ({} records): dropping audit records, {} so far; is the database slow?",
                        queue.size(), dropped.get());
            }
        }
    }

    /** Records dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Records written to the audit log. */
    public long written() {
        return written.get();
    }

    /** Records waiting to be written. */
    public int queued() {
        return queue.size();
    }

    private void run() {
        List<AuditRecord> batch = new ArrayList<>(MAX_BATCH);
        long pauseMillis = 0;
        while (!closing || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    AuditRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        batch.add(first);
                        if (!closing && queue.size() < MAX_BATCH - 1) Thread.sleep(GATHER_MILLIS);
                        queue.drainTo(batch, MAX_BATCH - 1);
                    }
                }
                if (!batch.isEmpty()) {
                    log.append(batch);
                    written.addAndGet(batch.size());
                    batch.clear();
                    pauseMillis = 0;
                }
                purgeIfDue();
            } catch (StoreException e) {
                if (closing) {
                    LOG.warn("audit log: {} records not written at shutdown: {}", batch.size() + queue.size(),
                            e.getMessage());
                    return;
                }
                pauseMillis = Math.min(MAX_RETRY_PAUSE.toMillis(), Math.max(250, pauseMillis * 2));
                LOG.warn("audit log write failed, retrying in {} ms: {}", pauseMillis, e.getMessage());
                if (!sleep(pauseMillis)) return;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("audit writer: unexpected failure, {} records discarded: {}", batch.size(), e.toString());
                batch.clear();
            }
        }
    }

    private void purgeIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextPurge)) return;
        nextPurge = now.plus(PURGE_EVERY);
        int deleted = log.deleteIssuedBefore(now.minus(retention));
        if (deleted > 0) LOG.info("audit log: deleted {} records older than {}", deleted, retention);
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Stops taking records and writes those queued, waiting at most {@code timeout}. */
    public void close(Duration timeout) {
        closing = true;
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            LOG.warn("audit log: {} records not written at shutdown", queue.size());
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
