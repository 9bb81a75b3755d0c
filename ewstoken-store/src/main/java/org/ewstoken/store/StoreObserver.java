package org.ewstoken.store;

/**
 * Told how long each store call took, e.g. to publish latency metrics. Called on the caller's
 * thread after every call, so it must be quick and must not throw.
 */
@FunctionalInterface
public interface StoreObserver {

    /** Observes nothing. */
    StoreObserver NONE = (operation, nanos, succeeded) -> { };

    /**
     * @param operation a short fixed name such as "find user" (a few dozen distinct values)
     * @param nanos the time from borrowing a connection to returning it, waiting for one included
     * @param succeeded false if the call threw (a database error, or an argument the database refused)
     */
    void completed(String operation, long nanos, boolean succeeded);
}
