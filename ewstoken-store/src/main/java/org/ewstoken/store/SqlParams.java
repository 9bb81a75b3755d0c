package org.ewstoken.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Named statement parameters: {@code :name} in the SQL, a typed value here. Typed setters say what a
 * NULL is (PostgreSQL refuses a NULL typed BIGINT for a TEXT column), and names cannot slip out of
 * order as positions did. Times are stored as epoch milliseconds, flags as 0/1.
 */
final class SqlParams {

    private record Value(Object value, int sqlType) {}

    private final Map<String, Value> values = new HashMap<>();

    static SqlParams of() {
        return new SqlParams();
    }

    static SqlParams text(String name, String value) {
        return new SqlParams().and(name, value);
    }

    SqlParams and(String name, String value) {
        return put(name, value, Types.VARCHAR);
    }

    SqlParams and(String name, long value) {
        return put(name, value, Types.BIGINT);
    }

    SqlParams and(String name, boolean flag) {
        return put(name, flag ? 1 : 0, Types.INTEGER);
    }

    /** Epoch milliseconds, or NULL. */
    SqlParams and(String name, Instant at) {
        return put(name, at == null ? null : at.toEpochMilli(), Types.BIGINT);
    }

    private SqlParams put(String name, Object value, int sqlType) {
        if (values.put(name, new Value(value, sqlType)) != null) {
            throw new IllegalArgumentException("parameter :" + name + " bound twice");
        }
        return this;
    }

    /** {@code sql} with each {@code :name} outside quotes replaced by {@code ?}, and the names in order. */
    record Parsed(String sql, List<String> names) {}

    static Parsed parse(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        boolean quoted = false;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (ch == '\'') quoted = !quoted;
            if (!quoted && ch == ':' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) end++;
                names.add(sql.substring(i + 1, end));
                out.append('?');
                i = end - 1;
            } else {
                out.append(ch);
            }
        }
        return new Parsed(out.toString(), List.copyOf(names));
    }

    /** Binds every name of {@code parsed}; a name without a value is a programming error. */
    void bind(PreparedStatement ps, Parsed parsed) throws SQLException {
        for (int i = 0; i < parsed.names().size(); i++) {
            Value v = values.get(parsed.names().get(i));
            if (v == null) throw new IllegalArgumentException("no value for :" + parsed.names().get(i));
            if (v.value() == null) ps.setNull(i + 1, v.sqlType());
            else if (v.value() instanceof String s) ps.setString(i + 1, s);
            else if (v.value() instanceof Integer n) ps.setInt(i + 1, n);
            else ps.setLong(i + 1, (Long) v.value());
        }
    }
}
