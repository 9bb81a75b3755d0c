package org.ewstoken.store.transfer;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ewstoken.store.Database;
import org.ewstoken.store.StoreException;

/**
 * Writes a whole installation's database (every application table, row by row, as stored: password
 * hashes and signing keys stay sealed) to a JSON document that {@link StoreImport} reads into
 * another database, of the same or the other kind. Rows are read in one transaction, so the export
 * is a consistent snapshot, and in primary-key order (by the database's collation, so the order of
 * text keys may differ between SQLite and PostgreSQL; the rows do not).
 *
 * <p>The file holds password hashes and encrypted private keys: it must be protected like the
 * database itself. It does not hold the master key, without which the keys cannot be used.
 */
public final class StoreExport {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private StoreExport() {}

    public static TransferSummary write(Database db, OutputStream out, Clock clock) {
        String schemaVersion = db.schemaVersion();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                json.writeStartObject();
                json.writeStringField(TransferFormat.FIELD_FORMAT, TransferFormat.FORMAT);
                json.writeNumberField(TransferFormat.FIELD_VERSION, TransferFormat.VERSION);
                json.writeStringField(TransferFormat.FIELD_SCHEMA_VERSION, schemaVersion);
                json.writeStringField(TransferFormat.FIELD_SOURCE, db.kind().name());
                json.writeStringField(TransferFormat.FIELD_EXPORTED_AT, clock.instant().toString());
                json.writeArrayFieldStart(TransferFormat.FIELD_TABLES);
                Map<String, Long> counts = new LinkedHashMap<>();
                for (Tables.Table table : Tables.read(c)) {
                    counts.put(table.name(), writeTable(c, table, json));
                }
                json.writeEndArray();
                json.writeEndObject();
                json.flush();
                c.commit();
                return new TransferSummary(schemaVersion, counts);
            } finally {
                c.rollback(); // a no-op after the commit; ends the read transaction on failure
            }
        } catch (SQLException e) {
            throw new StoreException("export from " + db.description() + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the export failed: " + e.getMessage(), e);
        }
    }

    private static long writeTable(Connection c, Tables.Table table, JsonGenerator json)
            throws SQLException, IOException {
        List<Tables.Column> columns = table.columns();
        json.writeStartObject();
        json.writeStringField(TransferFormat.FIELD_NAME, table.name());
        json.writeArrayFieldStart(TransferFormat.FIELD_COLUMNS);
        for (Tables.Column column : columns) {
            json.writeString(column.name());
        }
        json.writeEndArray();
        json.writeArrayFieldStart(TransferFormat.FIELD_ROWS);
        String select = "SELECT " + String.join(", ", columns.stream().map(Tables.Column::name).toList())
                + " FROM " + table.name() + " ORDER BY " + String.join(", ", table.primaryKey());
        long rows = 0;
        try (PreparedStatement ps = c.prepareStatement(select)) {
            ps.setFetchSize(500); // PostgreSQL streams instead of loading the table into memory
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    json.writeStartArray();
                    for (int i = 0; i < columns.size(); i++) {
                        writeValue(rs, i + 1, columns.get(i).kind(), json);
                    }
                    json.writeEndArray();
                    rows++;
                }
            }
        }
        json.writeEndArray();
        json.writeEndObject();
        return rows;
    }

    private static void writeValue(ResultSet rs, int index, Tables.Kind kind, JsonGenerator json)
            throws SQLException, IOException {
        if (kind == Tables.Kind.INTEGER) {
            long n = rs.getLong(index);
            if (rs.wasNull()) json.writeNull();
            else json.writeNumber(n);
        } else {
            String s = rs.getString(index);
            if (s == null) json.writeNull();
            else json.writeString(s);
        }
    }
}
