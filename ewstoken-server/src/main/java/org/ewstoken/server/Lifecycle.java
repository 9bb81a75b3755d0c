package org.ewstoken.server;

import java.time.Duration;
import java.util.Objects;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * A part a {@link Feature} runs or holds while the server runs. The server starts and stops them (see
 * {@link Lifecycles}); a feature never starts a thread or registers a shutdown of its own.
 */
public sealed interface Lifecycle {

    /**
     * A task run on the server's one scheduler thread, first after {@code first}, then {@code period} after
     * each run ends. A task that throws is logged and runs again next time; keep tasks short.
     *
     * @param name for the log when the task fails ("key refresh")
     */
    record Every(String name, Duration first, Duration period, Runnable task) implements Lifecycle {
        public Every {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(task, "task");
            if (first.isNegative() || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("a schedule needs first >= 0 and period > 0: " + name);
            }
        }
    }

    /** Something held open (a directory connection pool): closed once the HTTP server has stopped serving. */
    record Closing(AutoCloseable resource) implements Lifecycle {
        public Closing {
            Objects.requireNonNull(resource, "resource");
        }
    }

    /** A Jetty component (an HTTP client, a proxy): started and stopped with the HTTP server. */
    record Managed(LifeCycle component) implements Lifecycle {
        public Managed {
            Objects.requireNonNull(component, "component");
        }
    }

    static Lifecycle every(String name, Duration first, Duration period, Runnable task) {
        return new Every(name, first, period, task);
    }

    static Lifecycle closing(AutoCloseable resource) {
        return new Closing(resource);
    }

    static Lifecycle managed(LifeCycle component) {
        return new Managed(component);
    }
}
