package org.ewstoken.store;

/**
 * Persistence of users, add-ins, signing keys and a few settings, one interface per area
 * ({@link UserStore}, {@link AddInStore}, {@link SigningKeyStore}, {@link SettingStore}). A new
 * method goes into its area's interface (and that area's {@code Delegating} line) and its JDBC class
 * ({@code JdbcUsers}, {@code JdbcAddIns}, {@code JdbcKeys}, {@code JdbcSettings}). The administration
 * tables and the two append-only logs are areas of their own, opened from {@link Database}:
 * {@link AdminStore}, {@link AuditLog}, {@link CallbackUseLog}.
 *
 * <p>Implementations are thread-safe. Database failures surface as {@link StoreException}; invalid
 * arguments as {@link IllegalArgumentException} or {@link NullPointerException}.
 */
public interface Store extends UserStore, AddInStore, SigningKeyStore, SettingStore, AutoCloseable {

    /** True if the database answers a trivial query. Never throws. */
    boolean isHealthy();

    /** Releases what this store owns (e.g. its connection pool). Does not throw checked exceptions. */
    @Override
    void close();

    /**
     * A number that grows after every committed write made through this instance. Caches of store
     * data compare it to know whether what they hold may be stale; writes by other processes are
     * not counted (those caches also expire by time).
     */
    default long changeCount() {
        return 0;
    }
}
