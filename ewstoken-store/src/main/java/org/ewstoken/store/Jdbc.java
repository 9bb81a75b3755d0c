package org.ewstoken.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The JDBC plumbing the append-only logs share (audit log, callback-token use log): one transaction per batch,
 * parameters bound in order (only {@code Long} and {@code String}, the logs' column types), rows mapped by a
 * function. Every failure becomes a {@link StoreException} naming what was being done.
 */
final class Jdbc {

    /** Binds one record's columns, in the order of the statement's placeholders. */
    @FunctionalInterface
    interface Binder<T> {
        void bind(PreparedStatement ps, T record) throws SQLException;
    }

    /** Maps the current row. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Jdbc() {
    }

    /** Inserts every record with {@code sql} in one transaction: all or none. */
    static <T> void insertAll(DataSource ds, String sql, List<T> records, Binder<T> binder, String what) {
        if (records.isEmpty()) return;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (T r : records) {
                    binder.bind(ps, r);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw StoreException.failed(what, e);
        }
    }

    /** Runs a query with {@code args} ({@code Long} or {@code String}) and maps every row. */
    static <T> List<T> list(DataSource ds, String sql, RowMapper<T> rows, String what, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bindAll(ps, args);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rows.map(rs));
            }
            return out;
        } catch (SQLException e) {
            throw StoreException.failed(what, e);
        }
    }

    /** Runs an update with {@code args} ({@code Long} or {@code String}); returns how many rows it changed. */
    static int update(DataSource ds, String sql, String what, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bindAll(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw StoreException.failed(what, e);
        }
    }

    private static void bindAll(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Long l) ps.setLong(i + 1, l);
            else if (args[i] instanceof Integer n) ps.setInt(i + 1, n);
            else ps.setString(i + 1, (String) args[i]);
        }
    }
}
