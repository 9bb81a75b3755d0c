package org.ewstoken.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a database's schema up to date with Flyway. The same versioned scripts serve every
 * supported database, so they live in one vendor-neutral location. On PostgreSQL, Flyway holds an
 * advisory lock while it migrates, so nodes that start together do not migrate twice.
 */
public final class Migrations {

    /** Where the {@code V<n>__<description>.sql} scripts are. */
    static final String LOCATION = "classpath:org/ewstoken/store/migration";

    /** What a migration run did: how many scripts it applied and the schema version it left. */
    public record Result(int applied, String schemaVersion) {}

    private Migrations() {}

    /** Applies pending migrations; a no-op when the schema is current. */
    public static Result apply(DataSource ds) {
        try {
            MigrateResult result = flyway(ds).migrate();
            return new Result(result.migrationsExecuted, schemaVersion(ds));
        } catch (FlywayException e) {
            throw new StoreException("apply database migrations failed: " + e.getMessage(), e);
        }
    }

    /** How many known migrations the database has not had yet. */
    public static int pending(DataSource ds) {
        try {
            return flyway(ds).info().pending().length;
        } catch (FlywayException e) {
            throw new StoreException("read database schema version failed: " + e.getMessage(), e);
        }
    }

    /** The version of the last migration applied, or "0" for a database without any. */
    public static String schemaVersion(DataSource ds) {
        try {
            MigrationInfo current = flyway(ds).info().current();
            return current == null || current.getVersion() == null ? "0" : current.getVersion().getVersion();
        } catch (FlywayException e) {
            throw new StoreException("read database schema version failed: " + e.getMessage(), e);
        }
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
