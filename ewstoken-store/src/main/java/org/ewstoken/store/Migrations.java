package org.ewstoken.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings a database's schema up to date with Flyway. The same versioned scripts serve every
 * supported database, so they live in one vendor-neutral location.
 */
public final class Migrations {

    /** Where the {@code V<n>__<description>.sql} scripts are. */
    static final String LOCATION = "classpath:org/ewstoken/store/migration";

    private Migrations() {}

    /** Applies pending migrations; a no-op when the schema is current. */
    public static void apply(DataSource ds) {
        try {
            // Our own class loader, not the thread's: the scripts ship in this jar.
            Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(ds)
                    .locations(LOCATION)
                    .failOnMissingLocations(true)
                    .validateMigrationNaming(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("apply database migrations failed", e);
        }
    }
}
