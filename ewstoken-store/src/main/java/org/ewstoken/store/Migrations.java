package org.ewstoken.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a database's schema up to date with Flyway. The same versioned scripts serve every
 * supported database, so they live in one vendor-neutral location. On PostgreSQL, Flyway holds an
 * advisory lock while it migrates, so nodes that start together do not migrate twice.
 *
 * <p>A database already at the newest version is recognised from Flyway's history table with one
 * query, without Flyway: starting Flyway (plugins, configuration, a scan of the scripts) takes most
 * of a second, which every server start would otherwise pay for nothing.
 */
public final class Migrations {

    /** Where the {@code V<n>__<description>.sql} scripts are. */
    static final String LOCATION = "classpath:org/ewstoken/store/migration";

    /** The bundled scripts, oldest first (MigrationsTest holds it to the files): add a new one here. */
    static final List<String> SCRIPTS = List.of("V1__initial_schema.sql", "V2__add_in_manifests.sql",
            "V3__audit_log.sql", "V6__administration.sql", "V9__callback_use_log.sql", "V20__add_in_clients.sql");
    /** Their versions, oldest first. */
    static final List<String> VERSIONS = SCRIPTS.stream().map(s -> s.substring(1, s.indexOf("__"))).toList();
    static final String HISTORY_TABLE = "flyway_schema_history";

    /** What a migration run did: how many scripts it applied and the schema version it left. */
    public record Result(int applied, String schemaVersion) {}

    private Migrations() {}

    /** Applies pending migrations; a no-op when the schema is current. */
    public static Result apply(DataSource ds) {
        if (isCurrent(ds)) return new Result(0, latest());
        try {
            MigrateResult result = flyway(ds).migrate();
            return new Result(result.migrationsExecuted, result.targetSchemaVersion != null
                    ? result.targetSchemaVersion : schemaVersion(ds));
        } catch (FlywayException e) {
            throw new StoreException("apply database migrations failed: " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #apply}, for an embedded SQLite file: a new, empty one gets its schema without Flyway's machinery
     * ({@link NewEmbeddedSchema}), everything else goes through {@link #apply}.
     */
    public static Result applyEmbedded(DataSource ds) {
        return NewEmbeddedSchema.isEmpty(ds) ? NewEmbeddedSchema.create(ds) : apply(ds);
    }

    /** How many known migrations the database has not had yet. */
    public static int pending(DataSource ds) {
        if (isCurrent(ds)) return 0;
        try {
            return flyway(ds).info().pending().length;
        } catch (FlywayException e) {
            throw new StoreException("read database schema version failed: " + e.getMessage(), e);
        }
    }

    /** The version of the last migration applied, or "0" for a database without any. */
    public static String schemaVersion(DataSource ds) {
        if (isCurrent(ds)) return latest();
        try {
            MigrationInfo current = flyway(ds).info().current();
            return current == null || current.getVersion() == null ? "0" : current.getVersion().getVersion();
        } catch (FlywayException e) {
            throw new StoreException("read database schema version failed: " + e.getMessage(), e);
        }
    }

    /**
     * True when the history records every bundled version as applied successfully, and nothing
     * failed or newer. Anything else (no history yet, a failed or unknown migration) is Flyway's to
     * handle and to explain. Checksums are Flyway's to compare when it runs.
     */
    static boolean isCurrent(DataSource ds) {
        Set<String> applied = new HashSet<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, success FROM " + HISTORY_TABLE)) {
            while (rs.next()) {
                String version = rs.getString(1);
                if (!rs.getBoolean(2)) return false;
                if (version != null && !applied.add(version)) return false; // repeated: let Flyway judge
            }
        } catch (SQLException e) {
            return false; // no history table yet
        }
        return applied.equals(Set.copyOf(VERSIONS));
    }

    private static String latest() {
        return VERSIONS.get(VERSIONS.size() - 1);
    }

    private static Flyway flyway(DataSource ds) {
        // Our own class loader, not the thread's: the scripts ship in this jar.
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(ds)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .load();
    }
}
