package org.ewstoken.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the server's {@link Lifecycle} parts: one scheduler thread for every scheduled task, Jetty components
 * as beans of the HTTP server, and what is held open closed in reverse order, once the HTTP server has
 * stopped (or when start-up fails after opening it).
 */
final class Lifecycles implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Lifecycles.class);

    private final Server jetty;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final List<Lifecycle.Every> tasks = new ArrayList<>();
    private ScheduledExecutorService scheduler;

    Lifecycles(Server jetty) {
        this.jetty = jetty;
    }

    /** Takes a part: a scheduled task runs from {@link #startTasks}; the rest take effect now. */
    void add(Lifecycle part) {
        if (part instanceof Lifecycle.Every every) tasks.add(every);
        else if (part instanceof Lifecycle.Closing closing) opened.push(closing.resource());
        else if (part instanceof Lifecycle.Managed managed) jetty.addBean(managed.component(), true);
    }

    /** Something start-up opened that is not a feature's part (the audit writer, the change listener). */
    void opened(AutoCloseable resource) {
        opened.push(resource);
    }

    void startTasks() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ewstoken-scheduler");
            t.setDaemon(true);
            return t;
        });
        for (Lifecycle.Every every : tasks) {
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    every.task().run();
                } catch (RuntimeException e) { // logged, and run again next time
                    LOG.warn("{} failed: {}", every.name(), e.toString());
                }
            }, every.first().toMillis(), every.period().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the scheduled tasks (before the HTTP server stops). */
    void stopTasks() {
        if (scheduler != null) scheduler.shutdownNow();
    }

    /** Stops the tasks and closes what is open, last opened first; failures are logged, the rest still closed. */
    @Override
    public void close() {
        closeAll(null);
    }

    /** As {@link #close}, adding what fails to {@code failure}, the start-up's. */
    void closeAll(Throwable failure) {
        stopTasks();
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (failure != null) failure.addSuppressed(e);
                else LOG.warn("error closing at shutdown: {}", e.toString());
            }
        }
    }
}
