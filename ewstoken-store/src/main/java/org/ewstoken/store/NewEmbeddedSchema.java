package org.ewstoken.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * A new, empty SQLite file gets the bundled scripts applied directly, in one transaction, with Flyway's history
 * table written exactly as Flyway writes it (its DDL for SQLite, its CRC32-per-line checksums, its descriptions):
 * a later Flyway run, for the next migration, finds the history it would have written itself
 * ({@code MigrationsTest} holds the two to each other). Flyway's own start (plugins, configuration, the scan of the
 * jar) was half a second of every first start, to run five short scripts on a file nobody else can see yet.
 * Anything that is not a new SQLite file (PostgreSQL, where nodes may migrate together under Flyway's lock; an
 * existing file) stays Flyway's.
 */
final class NewEmbeddedSchema {

    /** Flyway 11's history table on SQLite, as it creates it. */
    private static final String HISTORY_DDL = """
            CREATE TABLE "flyway_schema_history" (
                "installed_rank" INT NOT NULL PRIMARY KEY,
                "version" VARCHAR(50),
                "description" VARCHAR(200) NOT NULL,
                "type" VARCHAR(20) NOT NULL,
                "script" VARCHAR(1000) NOT NULL,
                "checksum" INT,
                "installed_by" VARCHAR(100) NOT NULL,
                "installed_on" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')),
                "execution_time" INT NOT NULL,
                "success" BOOLEAN NOT NULL
            )""";
    private static final String HISTORY_INDEX =
            "CREATE INDEX \"flyway_schema_history_s_idx\" ON \"flyway_schema_history\" (\"success\")";

    private NewEmbeddedSchema() {}

    /** True when the file has no table at all: nothing there for Flyway to judge. */
    static boolean isEmpty(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'")) {
            return rs.next() && rs.getInt(1) == 0;
        } catch (SQLException e) {
            return false; // Flyway will say what is wrong
        }
    }

    /** Applies every bundled script and records each as Flyway would; all or nothing. */
    static Migrations.Result create(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute(HISTORY_DDL);
                st.execute(HISTORY_INDEX);
                int rank = 0;
                for (String version : Migrations.VERSIONS) {
                    Script script = Script.load(version);
                    long started = System.nanoTime();
                    for (String statement : script.statements()) st.execute(statement);
                    record(c, ++rank, version, script, (int) ((System.nanoTime() - started) / 1_000_000));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("create the database schema failed: " + e.getMessage(), e);
        }
        return new Migrations.Result(Migrations.VERSIONS.size(), Migrations.VERSIONS.get(Migrations.VERSIONS.size() - 1));
    }

    private static void record(Connection c, int rank, String version, Script script, int millis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", "
                + "\"version\", \"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", "
                + "\"success\") VALUES (?, ?, ?, 'SQL', ?, ?, '', ?, 1)")) {
            ps.setInt(1, rank);
            ps.setString(2, version);
            ps.setString(3, script.description());
            ps.setString(4, script.fileName());
            ps.setInt(5, script.checksum());
            ps.setInt(6, millis);
            ps.executeUpdate();
        }
    }

    /** One bundled {@code V<n>__<description>.sql}. */
    record Script(String fileName, List<String> lines) {

        static Script load(String version) {
            String prefix = "V" + version + "__";
            String fileName = Migrations.SCRIPTS.stream().filter(s -> s.startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new StoreException("no bundled migration script for version " + version));
            String path = Migrations.LOCATION.substring("classpath:".length()) + "/" + fileName;
            try (InputStream in = NewEmbeddedSchema.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) throw new StoreException("migration script missing from the jar: " + path);
                List<String> lines = new ArrayList<>();
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) lines.add(line);
                return new Script(fileName, List.copyOf(lines));
            } catch (IOException e) {
                throw new StoreException("read migration script " + path + " failed: " + e.getMessage(), e);
            }
        }

        /** "V2__add_in_manifests.sql" -> "add in manifests", as Flyway derives it. */
        String description() {
            String name = fileName.substring(fileName.indexOf("__") + 2, fileName.length() - ".sql".length());
            return name.replace('_', ' ');
        }

        /** Flyway's checksum: CRC32 over each line's UTF-8 bytes, without line terminators or a byte-order mark. */
        int checksum() {
            CRC32 crc = new CRC32();
            for (int i = 0; i < lines.size(); i++) {
                String line = i == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(i);
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
            return (int) crc.getValue();
        }

        /**
         * The statements as Flyway sends them (so SQLite keeps the same text of each table): from the first line of
         * code on, verbatim with its comments, up to the semicolon that ends a line's code. The bundled scripts are
         * plain DDL and DML (no triggers, no procedural blocks, no placeholders: MigrationsTest checks), so this is
         * all the parsing needed.
         */
        List<String> statements() {
            List<String> statements = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : lines) {
                int comment = line.indexOf("--");
                String code = (comment >= 0 ? line.substring(0, comment) : line).stripTrailing();
                if (current.isEmpty() && code.isBlank()) continue; // comments and blank lines between statements
                if (code.endsWith(";")) {
                    current.append(code, 0, code.length() - 1);
                    statements.add(current.toString().strip());
                    current.setLength(0);
                } else {
                    current.append(line).append('\n');
                }
            }
            if (!current.toString().isBlank()) statements.add(current.toString().strip());
            return statements;
        }
    }
}
