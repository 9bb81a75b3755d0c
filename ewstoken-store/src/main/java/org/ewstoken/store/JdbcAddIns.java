package org.ewstoken.store;

import static org.ewstoken.store.Jdbc.update;
import static org.ewstoken.store.Values.account;
import static org.ewstoken.store.Values.lower;

import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link AddInStore} over {@link Jdbc}: the {@code add_ins} table (one row per installation, keyed by
 * id and {@code install_key}, the owner or '' for the organisation) and {@code add_in_user_states}.
 */
record JdbcAddIns(Jdbc jdbc, UserStore users, Clock clock) implements AddInStore {

    /** Every column an installation row is written with; bound by the same names. */
    private static final List<String> ROW = List.of("id", "install_key", "display_name", "permission",
            "audience_url", "allowed_scopes", "enabled", "install_scope", "owner_smtp", "created_at", "version",
            "provider_name", "mandatory", "enabled_by_default", "manifest", "updated_at");
    private static final String INSERT = "INSERT INTO add_ins (" + String.join(", ", ROW) + ") ";
    private static final String VALUES = ":" + String.join(", :", ROW);
    private static final String FOR_MAILBOX = "SELECT " + AddInRows.COLUMNS + ", " + AddInRows.CHOICE_COLUMNS
            + " FROM add_ins a LEFT JOIN add_in_user_states s ON s.add_in_id = a.id AND s.smtp_address = :smtp"
            + " WHERE a.install_key IN ('', :smtp)";

    @Override
    public void addAddIn(AddIn a, byte[] manifest) throws DuplicateException {
        Objects.requireNonNull(a, "addIn");
        SqlParams row = row(a, manifest);
        int inserted = jdbc.transaction("add add-in", c -> {
            if (a.scope() == InstallScope.ORGANIZATION) {
                int n = update(c, INSERT + "VALUES (" + VALUES + ") ON CONFLICT DO NOTHING", row);
                if (n > 0) {
                    // The organisation's installation supersedes the copies single mailboxes had.
                    update(c, "DELETE FROM add_ins WHERE id = :id AND install_scope = 'USER'", row);
                }
                return n;
            }
            // Selecting the owner from users turns "unknown owner" into an empty insert, not an error;
            // NOT EXISTS refuses a personal copy of an organisation add-in.
            return update(c, INSERT + "SELECT " + VALUES + " FROM users WHERE smtp_address = :owner_smtp"
                    + " AND NOT EXISTS (SELECT 1 FROM add_ins WHERE id = :id AND install_scope = 'ORGANIZATION')"
                    + " ON CONFLICT DO NOTHING", row);
        });
        if (inserted == 0) {
            // Only to choose the error: a concurrent change in between can at worst pick the other one.
            if (a.ownerSmtp() != null && users.findUser(a.ownerSmtp()).isEmpty()) {
                throw new IllegalArgumentException("the add-in's owner is not a known user");
            }
            throw new DuplicateException(a.ownerSmtp() == null || findAddIn(a.id()).map(x -> x.ownerSmtp() != null)
                    .orElse(true) ? "this add-in is installed for this owner already"
                    : "this add-in is installed for the organisation");
        }
    }

    @Override
    public boolean replaceAddIn(AddIn a, byte[] manifest, String expectedVersion) {
        Objects.requireNonNull(a, "addIn");
        SqlParams row = row(a, manifest);
        // The key (id, install_key), install scope, owner and creation time stay.
        String versionIs = "version IS NULL";
        if (expectedVersion != null) {
            row.and("expected_version", expectedVersion);
            versionIs = "version = :expected_version";
        }
        return jdbc.update("replace add-in", "UPDATE add_ins SET display_name = :display_name,"
                + " permission = :permission, audience_url = :audience_url, allowed_scopes = :allowed_scopes,"
                + " enabled = :enabled, version = :version, provider_name = :provider_name, mandatory = :mandatory,"
                + " enabled_by_default = :enabled_by_default, manifest = :manifest, updated_at = :updated_at"
                + " WHERE id = :id AND install_key = :install_key AND " + versionIs, row) > 0;
    }

    @Override
    public Optional<AddIn> findAddIn(String id) {
        return jdbc.one("find add-in", "SELECT " + AddInRows.COLUMNS + " FROM add_ins a WHERE a.id = :id"
                + " ORDER BY a.install_scope, a.created_at, a.install_key", AddInRows::addIn,
                SqlParams.text("id", lower(id, "id")));
    }

    @Override
    public Optional<MailboxAddIn> findAddInFor(String id, String smtpAddress) {
        String key = lower(id, "id");
        String smtp = account(smtpAddress, "smtpAddress");
        if (smtp == null) return Optional.empty();
        // ORGANIZATION sorts before USER: should both exist (a race of two installs), the organisation's wins.
        return jdbc.one("find add-in for mailbox", FOR_MAILBOX + " AND a.id = :id ORDER BY a.install_scope",
                AddInRows::mailboxAddIn, SqlParams.text("smtp", smtp).and("id", key));
    }

    @Override
    public List<MailboxAddIn> listAddInsFor(String smtpAddress) {
        String smtp = account(smtpAddress, "smtpAddress");
        if (smtp == null) return List.of();
        List<MailboxAddIn> rows = jdbc.list("list add-ins for mailbox", FOR_MAILBOX
                + " ORDER BY a.created_at, a.id, a.install_scope", AddInRows::mailboxAddIn, SqlParams.text("smtp", smtp));
        Map<String, MailboxAddIn> byId = new LinkedHashMap<>();
        for (MailboxAddIn row : rows) {
            byId.merge(row.addIn().id(), row, (first, second) ->
                    second.addIn().scope() == InstallScope.ORGANIZATION ? second : first);
        }
        return List.copyOf(byId.values());
    }

    @Override
    public Optional<byte[]> findManifest(String id, String ownerSmtp) {
        String key = lower(id, "id");
        String installKey = ownerSmtp == null ? "" : account(ownerSmtp, "ownerSmtp");
        if (installKey == null) return Optional.empty();
        return jdbc.one("find add-in manifest", "SELECT manifest FROM add_ins"
                        + " WHERE id = :id AND install_key = :install_key AND manifest IS NOT NULL",
                rs -> Base64.getDecoder().decode(rs.getString(1)),
                SqlParams.text("id", key).and("install_key", installKey));
    }

    @Override
    public List<AddIn> listAddIns() {
        return List.copyOf(jdbc.list("list add-ins", "SELECT " + AddInRows.COLUMNS
                + " FROM add_ins a ORDER BY a.created_at, a.id, a.install_key", AddInRows::addIn, SqlParams.of()));
    }

    @Override
    public boolean removeAddIn(String id) {
        SqlParams p = SqlParams.text("id", lower(id, "id"));
        return jdbc.transaction("remove add-in", c -> {
            int removed = update(c, "DELETE FROM add_ins WHERE id = :id", p);
            update(c, "DELETE FROM add_in_user_states WHERE add_in_id = :id", p);
            return removed > 0;
        });
    }

    @Override
    public boolean removeAddIn(String id, String ownerSmtp) {
        String owner = ownerSmtp == null ? null : account(ownerSmtp, "ownerSmtp");
        SqlParams p = SqlParams.text("id", lower(id, "id")).and("install_key", owner == null ? "" : owner);
        if (ownerSmtp != null && owner == null) return false;
        return jdbc.transaction("remove add-in installation", c -> {
            int removed = update(c, "DELETE FROM add_ins WHERE id = :id AND install_key = :install_key", p);
            update(c, "DELETE FROM add_in_user_states WHERE add_in_id = :id"
                    + (owner == null ? "" : " AND smtp_address = :install_key"), p);
            return removed > 0;
        });
    }

    @Override
    public boolean setAddInEnabled(String id, boolean enabled) {
        return jdbc.update("set add-in enabled", "UPDATE add_ins SET enabled = :enabled WHERE id = :id",
                SqlParams.text("id", lower(id, "id")).and("enabled", enabled)) > 0;
    }

    @Override
    public boolean setUserChoice(String id, String smtpAddress, UserChoice choice) {
        String key = lower(id, "id");
        String smtp = account(smtpAddress, "smtpAddress");
        Objects.requireNonNull(choice, "choice");
        if (smtp == null) return false;
        // LIMIT 1: should the organisation and the user both have an installation, one row is enough.
        return jdbc.update("set add-in choice", "INSERT INTO add_in_user_states"
                        + " (add_in_id, smtp_address, enabled, disable_reason, updated_at)"
                        + " SELECT a.id, u.smtp_address, :enabled, :reason, :at FROM add_ins a"
                        + " JOIN users u ON u.smtp_address = :smtp"
                        + " WHERE a.id = :id AND a.install_key IN ('', :smtp) LIMIT 1"
                        + " ON CONFLICT (add_in_id, smtp_address) DO UPDATE SET enabled = excluded.enabled,"
                        + " disable_reason = excluded.disable_reason, updated_at = excluded.updated_at",
                SqlParams.text("id", key).and("smtp", smtp).and("enabled", choice.enabled())
                        .and("reason", choice.disableReason()).and("at", choice.at())) > 0;
    }

    @Override
    public boolean clearUserChoice(String id, String smtpAddress) {
        String key = lower(id, "id");
        String smtp = account(smtpAddress, "smtpAddress");
        if (smtp == null) return false;
        return jdbc.update("clear add-in choice", "DELETE FROM add_in_user_states"
                + " WHERE add_in_id = :id AND smtp_address = :smtp", SqlParams.text("id", key).and("smtp", smtp)) > 0;
    }

    /** The values of {@link #ROW} for an installation, stamped with the clock's time as {@code updated_at}. */
    private SqlParams row(AddIn a, byte[] manifest) {
        return SqlParams.text("id", a.id()).and("install_key", a.ownerSmtp() == null ? "" : a.ownerSmtp())
                .and("display_name", a.displayName()).and("permission", a.permission().wireName())
                .and("audience_url", a.audienceUrl()).and("allowed_scopes", String.join(" ", a.allowedScopes()))
                .and("enabled", a.enabled()).and("install_scope", a.scope().name()).and("owner_smtp", a.ownerSmtp())
                .and("created_at", a.createdAt()).and("version", a.version()).and("provider_name", a.providerName())
                .and("mandatory", a.mandatory()).and("enabled_by_default", a.enabledByDefault())
                .and("manifest", manifest == null ? null : Base64.getEncoder().encodeToString(manifest))
                .and("updated_at", clock.instant());
    }
}
