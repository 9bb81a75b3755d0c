package org.ewstoken.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** Reads add-in rows ({@link #COLUMNS}, then for a mailbox {@link #CHOICE_COLUMNS}) into records. */
final class AddInRows {

    /** What {@link #addIn} reads, in this order; {@code a.}-prefixed for joins. */
    static final String COLUMNS = "a.id, a.display_name, a.permission, a.audience_url, "
            + "a.allowed_scopes, a.enabled, a.install_scope, a.owner_smtp, a.created_at, a.version, "
            + "a.provider_name, a.mandatory, a.enabled_by_default";
    /** The user's choice, all NULL when there is none (a LEFT JOIN of {@code add_in_user_states s}). */
    static final String CHOICE_COLUMNS = "s.enabled, s.disable_reason, s.updated_at";

    private AddInRows() {}

    static AddIn addIn(ResultSet rs) throws SQLException {
        Permission permission = Permission.fromWire(rs.getString(3))
                .orElseThrow(() -> new StoreException("an add-in row holds an unknown permission"));
        String scopeName = rs.getString(7);
        InstallScope scope = Arrays.stream(InstallScope.values())
                .filter(s -> s.name().equals(scopeName))
                .findFirst()
                .orElseThrow(() -> new StoreException("an add-in row holds an unknown install scope"));
        String scopes = rs.getString(5);
        Set<String> allowed = scopes.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(scopes.split(" ")));
        return new AddIn(rs.getString(1), rs.getString(2), permission, rs.getString(4), allowed,
                rs.getInt(6) != 0, scope, rs.getString(8), Instant.ofEpochMilli(rs.getLong(9)), rs.getString(10),
                rs.getString(11), rs.getInt(12) != 0, rs.getInt(13) != 0);
    }

    /** An add-in row followed by the user's choice. */
    static MailboxAddIn mailboxAddIn(ResultSet rs) throws SQLException {
        AddIn addIn = addIn(rs);
        int enabled = rs.getInt(14);
        if (rs.wasNull()) {
            return new MailboxAddIn(addIn, null);
        }
        return new MailboxAddIn(addIn, new UserChoice(enabled != 0, rs.getString(15),
                Instant.ofEpochMilli(rs.getLong(16))));
    }
}
