package org.ewstoken.store.transfer;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The application's tables as the database describes them: names, columns and their portable
 * kinds, primary keys, and an order in which every table comes after the tables it references.
 * Reading the schema instead of listing tables here means an export holds every table a
 * migration ever adds, without this code knowing of it.
 */
final class Tables {

    /** The two kinds of values the migrations use (see V1): whole numbers and text. */
    enum Kind { INTEGER, TEXT }

    record Column(String name, Kind kind) {}

    record Table(String name, List<Column> columns, List<String> primaryKey) {
        Column column(String columnName) {
            for (Column c : columns) {
                if (c.name().equals(columnName)) return c;
            }
            return null;
        }
    }

    private static final String MIGRATION_HISTORY = "flyway_schema_history";

    private Tables() {}

    /** Every application table, each after the ones its foreign keys reference, ties by name. */
    static List<Table> read(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String schema = c.getSchema();
        String schemaPattern = schema == null ? null : escape(schema, meta.getSearchStringEscape());
        Map<String, Set<String>> references = new TreeMap<>();
        try (ResultSet rs = meta.getTables(c.getCatalog(), schemaPattern, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!name.equals(MIGRATION_HISTORY) && !name.startsWith("sqlite_")) {
                    references.put(name, new TreeSet<>());
                }
            }
        }
        for (Map.Entry<String, Set<String>> e : references.entrySet()) {
            try (ResultSet rs = meta.getImportedKeys(c.getCatalog(), schema, e.getKey())) {
                while (rs.next()) {
                    String parent = rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!parent.equals(e.getKey())) e.getValue().add(parent);
                }
            }
        }
        List<Table> ordered = new ArrayList<>();
        Map<String, Set<String>> remaining = new LinkedHashMap<>(references);
        while (!remaining.isEmpty()) {
            String next = remaining.entrySet().stream()
                    .filter(e -> e.getValue().stream().noneMatch(remaining::containsKey))
                    .map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new SQLException("foreign keys form a cycle among " + remaining.keySet()));
            remaining.remove(next);
            ordered.add(describe(c, meta, schema, next));
        }
        return ordered;
    }

    /** getTables takes a LIKE pattern: a schema named t_1 must not also match tx1. */
    private static String escape(String name, String escape) {
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }

    private static Table describe(Connection c, DatabaseMetaData meta, String schema, String table)
            throws SQLException {
        List<Column> columns = new ArrayList<>();
        // The names come from the database's own catalogue, so they are safe to put into SQL.
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " WHERE 1 = 0");
             ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String name = md.getColumnName(i).toLowerCase(Locale.ROOT);
                columns.add(new Column(name, kind(table, name, md.getColumnType(i), md.getColumnTypeName(i))));
            }
        }
        Map<Integer, String> key = new TreeMap<>();
        try (ResultSet rs = meta.getPrimaryKeys(c.getCatalog(), schema, table)) {
            while (rs.next()) {
                key.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        List<String> primaryKey = key.isEmpty() ? columns.stream().map(Column::name).toList() : List.copyOf(key.values());
        return new Table(table, List.copyOf(columns), primaryKey);
    }

    private static Kind kind(String table, String column, int jdbcType, String typeName) throws SQLException {
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> Kind.INTEGER;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB -> Kind.TEXT;
            // Refused rather than converted: an export must be lossless or not happen.
            default -> throw new SQLException("column " + table + "." + column + " has type " + typeName
                    + ", which export and import do not support (the schema uses only integers and text)");
        };
    }
}
