package org.ewstoken.store;

import java.sql.Connection;

/**
 * Tells other processes sharing the database that the store changed, right after a committed write
 * (PostgreSQL: {@code NOTIFY}). Best effort: it must not throw, because the write it follows has
 * committed; caches elsewhere also expire by time.
 */
@FunctionalInterface
interface ChangeAnnouncer {

    ChangeAnnouncer NONE = c -> { };

    /** Called on the connection that wrote, in auto-commit mode, after the commit. */
    void announce(Connection c);
}
