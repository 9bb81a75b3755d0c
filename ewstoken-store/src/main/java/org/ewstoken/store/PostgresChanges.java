package org.ewstoken.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change notification between the processes that share one PostgreSQL: every committed store
 * write sends {@code NOTIFY ewstoken_changes}; each server listens on a connection of its own and
 * forgets what it cached. PostgreSQL delivers a notification to every listener when the sending
 * transaction commits, typically within milliseconds.
 *
 * <p>The notification carries the writer's schema, and a listener heeds only its own: installations
 * (or test runs) in other schemas of the same database share the channel but not their changes.
 *
 * <p>Best effort by design: a notification sent while a listener is reconnecting is lost, so the
 * listener reports a change after every (re)connection, and caches still expire by time.
 */
public final class PostgresChanges implements Database.Listening {

    static final String CHANNEL = "ewstoken_changes";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresChanges.class);
    private static final int POLL_MILLIS = 500;
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    /** The announcer for {@link JdbcStore}: NOTIFY on the connection that wrote. */
    static final ChangeAnnouncer ANNOUNCER = c -> {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_notify('" + CHANNEL + "', current_schema())");
        } catch (SQLException e) {
            LOG.debug("could not announce a store change: {}", e.getMessage());
        }
    };

    private final PostgresConfig config;
    private final Runnable onChange;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    private PostgresChanges(PostgresConfig config, Runnable onChange) {
        this.config = config;
        this.onChange = onChange;
        this.thread = new Thread(this::run, "ewstoken-store-changes");
        thread.setDaemon(true);
    }

    /** Starts listening; {@code onChange} runs on the listener's thread, must be quick and not throw. */
    static PostgresChanges listen(PostgresConfig config, Runnable onChange) {
        PostgresChanges changes = new PostgresChanges(config, onChange);
        changes.thread.start();
        return changes;
    }

    private void run() {
        long pauseMillis = 0;
        while (!closed) {
            try (Connection c = connect()) {
                connection = c;
                String schema;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                    try (ResultSet rs = s.executeQuery("SELECT current_schema()")) {
                        rs.next();
                        schema = rs.getString(1);
                    }
                }
                pauseMillis = 0;
                onChange.run(); // whatever happened while not listening
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null && ours(notifications, schema)) onChange.run();
                }
            } catch (SQLException e) {
                if (closed) return;
                pauseMillis = Math.min(MAX_PAUSE.toMillis(), Math.max(500, pauseMillis * 2));
                LOG.warn("store change listener lost its connection, reconnecting in {} ms: {}", pauseMillis,
                        e.getMessage());
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException interrupted) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.error("store change listener failed: {}", e.toString());
            }
        }
    }

    private static boolean ours(PGNotification[] notifications, String schema) {
        for (PGNotification n : notifications) {
            if (schema == null || n.getParameter().isEmpty() || n.getParameter().equals(schema)) return true;
        }
        return false;
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", config.user());
        p.setProperty("password", config.password());
        p.setProperty("connectTimeout", Long.toString(Math.max(1, config.connectionTimeout().toSeconds())));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "ewstoken-listener");
        return DriverManager.getConnection(config.jdbcUrl(), p);
    }

    @Override
    public void close() {
        closed = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.close(); // ends a getNotifications wait
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
