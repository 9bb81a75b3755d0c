package org.ewstoken.store.transfer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ewstoken.store.Database;
import org.ewstoken.store.JdbcStore;
import org.ewstoken.store.StoreException;
import org.ewstoken.store.StoredKey;

/**
 * Reads a {@link StoreExport} file into an empty database whose schema is at the same version,
 * all in one transaction: either every row arrives or none does.
 *
 * <p>The file is treated as hostile input: it is parsed as a stream with bounded value sizes,
 * every table and column it names must exist in the target (names are never taken from the file
 * into SQL otherwise), and every value must be of its column's kind.
 */
public final class StoreImport {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(1 << 20).maxNestingDepth(8).maxNumberLength(20).build())
            .build();
    private static final int BATCH = 500;

    /** The file is not an export this release can import into this database; the message says why. */
    public static final class ImportException extends RuntimeException {
        public ImportException(String message) {
            super(message);
        }
    }

    /** Looks at the imported signing keys before the import commits; throwing rolls it back. */
    @FunctionalInterface
    public interface KeyCheck {
        KeyCheck NONE = keys -> { };

        void beforeCommit(List<StoredKey> keys);
    }

    private StoreImport() {}

    public static TransferSummary read(Database db, InputStream in) {
        return read(db, in, KeyCheck.NONE);
    }

    /**
     * Imports the file and, before committing, hands the imported signing keys to {@code check}: the
     * CLI makes sure the configured master key opens them, so an import never leaves keys that no
     * server could use.
     */
    public static TransferSummary read(Database db, InputStream in, KeyCheck check) {
        String schemaVersion = db.schemaVersion();
        try (Connection c = db.dataSource().getConnection(); JsonParser json = JSON.createParser(in)) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            try {
                TransferSummary summary = new Reader(c, json, schemaVersion).read();
                check.beforeCommit(JdbcStore.keys(c));
                c.commit();
                return summary;
            } catch (SQLException | RuntimeException | IOException e) {
                c.rollback();
                throw e;
            }
        } catch (JsonProcessingException e) {
            throw new ImportException(notJson(e));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the import failed: " + e.getMessage(), e);
        } catch (SQLException e) {
            // No values in the message: SQLState and the driver's text name the problem, not the data.
            throw new StoreException("import into " + db.description() + " failed (SQLState " + e.getSQLState()
                    + ")", e);
        }
    }

    /** Why the file is not the JSON an export is, in our words: the parser's own text names its tokens and features. */
    static String notJson(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "the file exceeds a limit of the JSON reader (a value too long or nested too deeply)";
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        if (e instanceof JsonEOFException) return "the file ends in the middle of the JSON" + where + " (is it complete?)";
        if (e instanceof InputCoercionException) return "the file holds a number too large" + where;
        return "the file is not valid JSON" + where + " (or not UTF-8 text)";
    }

    /** One pass over the file, in the order {@link StoreExport} writes it. */
    private static final class Reader {
        private final Connection c;
        private final JsonParser json;
        private final String schemaVersion;
        private final Map<String, Tables.Table> tables = new LinkedHashMap<>();

        Reader(Connection c, JsonParser json, String schemaVersion) {
            this.c = c;
            this.json = json;
            this.schemaVersion = schemaVersion;
        }

        TransferSummary read() throws SQLException, IOException {
            for (Tables.Table t : Tables.read(c)) {
                tables.put(t.name(), t);
            }
            expect(JsonToken.START_OBJECT, "the file must be one JSON object");
            expectField(TransferFormat.FIELD_FORMAT);
            if (!TransferFormat.FORMAT.equals(text())) {
                throw new ImportException("the file is not an ewstoken store export");
            }
            expectField(TransferFormat.FIELD_VERSION);
            if (json.nextToken() != JsonToken.VALUE_NUMBER_INT || json.getIntValue() != TransferFormat.VERSION) {
                throw new ImportException("the export format version is not " + TransferFormat.VERSION);
            }
            expectField(TransferFormat.FIELD_SCHEMA_VERSION);
            String fileVersion = text();
            if (!schemaVersion.equals(fileVersion)) {
                throw new ImportException("the file holds schema version " + fileVersion + " but the database is at "
                        + schemaVersion + ": export and import with the same ewstoken release");
            }
            expectField(TransferFormat.FIELD_SOURCE);
            text();
            expectField(TransferFormat.FIELD_EXPORTED_AT);
            text();
            expectField(TransferFormat.FIELD_TABLES);
            expect(JsonToken.START_ARRAY, "tables must be an array");
            Map<String, Long> counts = new LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            while (json.nextToken() == JsonToken.START_OBJECT) {
                Tables.Table table = readTableName();
                if (!seen.add(table.name())) throw new ImportException("table " + table.name() + " appears twice");
                counts.put(table.name(), readTable(table));
            }
            if (json.currentToken() != JsonToken.END_ARRAY) throw new ImportException("tables must be an array of objects");
            expect(JsonToken.END_OBJECT, "unexpected content after the tables");
            if (json.nextToken() != null) throw new ImportException("unexpected content after the export");
            Set<String> missing = new HashSet<>(tables.keySet());
            missing.removeAll(seen);
            if (!missing.isEmpty()) throw new ImportException("the file lacks the tables " + missing);
            return new TransferSummary(schemaVersion, counts);
        }

        private Tables.Table readTableName() throws IOException, SQLException {
            expectField(TransferFormat.FIELD_NAME);
            String name = text();
            Tables.Table table = tables.get(name);
            if (table == null) throw new ImportException("the database has no table named like the file's '" + clip(name) + "'");
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table.name());
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    throw new ImportException("the database is not empty (table " + table.name() + " has rows): "
                            + "import only into a new installation");
                }
            }
            return table;
        }

        private long readTable(Tables.Table table) throws IOException, SQLException {
            expectField(TransferFormat.FIELD_COLUMNS);
            expect(JsonToken.START_ARRAY, "columns must be an array");
            List<Tables.Column> columns = new ArrayList<>();
            while (json.nextToken() == JsonToken.VALUE_STRING) {
                Tables.Column column = table.column(json.getText());
                if (column == null || columns.contains(column)) {
                    throw new ImportException("table " + table.name() + " has no column '" + clip(json.getText())
                            + "', or the file names it twice");
                }
                columns.add(column);
            }
            if (json.currentToken() != JsonToken.END_ARRAY) throw new ImportException("columns must be strings");
            if (columns.size() != table.columns().size()) {
                throw new ImportException("the file has " + columns.size() + " columns for table " + table.name()
                        + ", the database " + table.columns().size());
            }
            expectField(TransferFormat.FIELD_ROWS);
            expect(JsonToken.START_ARRAY, "rows must be an array");
            String insert = "INSERT INTO " + table.name() + " ("
                    + String.join(", ", columns.stream().map(Tables.Column::name).toList()) + ") VALUES ("
                    + String.join(", ", columns.stream().map(x -> "?").toList()) + ")";
            long rows = 0;
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                while (json.nextToken() == JsonToken.START_ARRAY) {
                    for (int i = 0; i < columns.size(); i++) {
                        bind(ps, i + 1, columns.get(i), table, json.nextToken());
                    }
                    if (json.nextToken() != JsonToken.END_ARRAY) {
                        throw new ImportException("a row of table " + table.name() + " has more values than columns");
                    }
                    ps.addBatch();
                    if (++rows % BATCH == 0) ps.executeBatch();
                }
                if (json.currentToken() != JsonToken.END_ARRAY) throw new ImportException("rows must be arrays");
                ps.executeBatch();
            }
            expect(JsonToken.END_OBJECT, "unexpected field after the rows of table " + table.name());
            return rows;
        }

        private void bind(PreparedStatement ps, int index, Tables.Column column, Tables.Table table, JsonToken token)
                throws SQLException, IOException {
            if (token == JsonToken.VALUE_NULL) {
                ps.setNull(index, column.kind() == Tables.Kind.INTEGER ? Types.BIGINT : Types.VARCHAR);
            } else if (column.kind() == Tables.Kind.INTEGER && token == JsonToken.VALUE_NUMBER_INT
                    && json.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                ps.setLong(index, json.getLongValue());
            } else if (column.kind() == Tables.Kind.TEXT && token == JsonToken.VALUE_STRING) {
                ps.setString(index, json.getText());
            } else {
                throw new ImportException("table " + table.name() + ", column " + column.name() + ": expected "
                        + (column.kind() == Tables.Kind.INTEGER ? "a whole number" : "a string")
                        + (token == JsonToken.END_ARRAY ? ", but the row ended" : ""));
            }
        }

        private void expect(JsonToken token, String otherwise) throws IOException {
            if (json.nextToken() != token) throw new ImportException(otherwise);
        }

        private void expectField(String name) throws IOException {
            if (json.nextToken() != JsonToken.FIELD_NAME || !name.equals(json.currentName())) {
                throw new ImportException("expected the field \"" + name + "\" at line "
                        + json.currentLocation().getLineNr());
            }
        }

        private String text() throws IOException {
            if (json.nextToken() != JsonToken.VALUE_STRING) throw new ImportException("expected a string at line "
                    + json.currentLocation().getLineNr());
            return json.getText();
        }

        private static String clip(String s) {
            return s.length() <= 64 ? s : s.substring(0, 64) + "…";
        }
    }
}
