/**
 * The store: what ewstoken keeps in SQL, on the embedded SQLite file or a shared PostgreSQL, in SQL
 * that both accept ({@link org.ewstoken.store.Migrations} owns the schema).
 *
 * <p>One room per area. {@link org.ewstoken.store.Store} is the request path's view: users
 * ({@link org.ewstoken.store.UserStore}, {@code JdbcUsers}), add-ins ({@link org.ewstoken.store.AddInStore},
 * {@code JdbcAddIns}), signing keys ({@link org.ewstoken.store.SigningKeyStore}, {@code JdbcKeys}) and
 * settings ({@link org.ewstoken.store.SettingStore}, {@code JdbcSettings}), put together by
 * {@link org.ewstoken.store.JdbcStore}. The administration tables ({@link org.ewstoken.store.AdminStore})
 * and the two append-only logs ({@link org.ewstoken.store.AuditLog},
 * {@link org.ewstoken.store.CallbackUseLog}) are opened from {@link org.ewstoken.store.Database}.
 * Every area talks to the database through the package-private {@code Jdbc} helper: parameters bound
 * by name ({@code SqlParams}), rows read by a row mapper, failures named by operation; the logs' filtered,
 * paged searches are built by {@code PageQuery}.
 *
 * <p>A new store method goes into its area's interface (with its line in that interface's
 * {@code Delegating}), its JDBC class, and that area's contract test ({@code XxxStoreContract}, run on
 * both databases). Schema changes are new Flyway migrations, never edits of applied ones.
 */
package org.ewstoken.store;
