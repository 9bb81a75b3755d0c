package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.ewstoken.store.transfer.StoreExport;
import org.ewstoken.store.transfer.StoreImport;
import org.ewstoken.store.transfer.TransferSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole installation moves between SQLite and PostgreSQL and back without losing a bit. */
class StoreTransferTest {

    static final Instant T0 = Instant.parse("2026-02-03T04:05:06.789Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    @TempDir Path dir;

    /** Something of every kind: users, both scopes of add-in, current and retired keys, settings, audit. */
    static void populate(Database db) throws Exception {
        db.migrate();
        Store store = db.store();
        store.addUser(new User("alice@contoso.com", "Alice Wilber — ünïcode", UUID.randomUUID(), "$argon2id$alice", T0));
        store.addUser(new User("bob@contoso.com", "Bob \"quoted\"\n", UUID.randomUUID(), "$argon2id$bob", T0));
        store.addAddIn(new AddIn("11111111-2222-3333-4444-555555555555", "Org", Permission.READ_ITEM,
                "https://org.example.com/x?y=z&w", Set.of("Mail.Read", "https://x/y"), true,
                InstallScope.ORGANIZATION, null, T0));
        store.addAddIn(new AddIn("aaaaaaaa-2222-3333-4444-555555555555", "Alice's", Permission.READ_WRITE_MAILBOX,
                "https://mine.example.com", Set.of(), false, InstallScope.USER, "alice@contoso.com", T0));
        store.addKey(new StoredKey("old-x5t", "MIIBold==", "sealed-old", T0.minus(Duration.ofDays(40)),
                T0.minus(Duration.ofDays(40)), T0.minus(Duration.ofDays(10))));
        store.addKey(new StoredKey("new-x5t", "MIIBnew==", "sealed-new", T0.minus(Duration.ofDays(10)),
                T0.minus(Duration.ofDays(10)), null));
        store.settingIfAbsent("metadata.document-id", "_doc-1");
        db.auditLog().append(List.of(new AuditRecord(UUID.randomUUID(), T0, "node-a", "alice@contoso.com",
                "11111111-2222-3333-4444-555555555555", "CallerIdentity", "new-x5t", T0.plus(Duration.ofHours(8)))));
    }

    static byte[] export(Database db) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StoreExport.write(db, out, CLOCK);
        return out.toByteArray();
    }

    static TransferSummary importInto(Database db, byte[] file) {
        return StoreImport.read(db, new ByteArrayInputStream(file));
    }

    @Test
    void sqliteToPostgresqlAndBackIsLossless() throws Exception {
        try (TestDatabases.Opened source = TestDatabases.sqlite(dir.resolve("a"));
             TestDatabases.Opened postgres = TestDatabases.postgres();
             TestDatabases.Opened back = TestDatabases.sqlite(dir.resolve("b"))) {
            populate(source.db());
            byte[] original = export(source.db());

            postgres.db().migrate();
            TransferSummary intoPostgres = importInto(postgres.db(), original);
            back.db().migrate();
            importInto(back.db(), export(postgres.db()));

            assertThat(intoPostgres.rowsByTable()).containsEntry("users", 2L).containsEntry("add_ins", 2L)
                    .containsEntry("signing_keys", 2L).containsEntry("settings", 1L).containsEntry("audit_log", 1L);
            // Byte for byte: every value of every row of every table survived both moves.
            assertThat(new String(export(back.db()), StandardCharsets.UTF_8))
                    .isEqualTo(new String(original, StandardCharsets.UTF_8));
            Store pg = postgres.db().store();
            Store sqlite = source.db().store();
            assertThat(pg.listUsers()).isEqualTo(sqlite.listUsers());
            assertThat(pg.listAddIns()).isEqualTo(sqlite.listAddIns());
            assertThat(pg.listKeys()).isEqualTo(sqlite.listKeys());
            assertThat(pg.setting("metadata.document-id")).contains("_doc-1");
            assertThat(postgres.db().auditLog().newest(5)).isEqualTo(source.db().auditLog().newest(5));
        }
    }

    @Test
    void theExportNamesItsFormatSchemaVersionAndSourceButHoldsNoMigrationHistory() throws Exception {
        try (TestDatabases.Opened source = TestDatabases.sqlite(dir)) {
            populate(source.db());
            String json = new String(export(source.db()), StandardCharsets.UTF_8);

            assertThat(json).startsWith("{\"format\":\"ewstoken-store-export\",\"formatVersion\":1,\"schemaVersion\":\""
                    + source.db().schemaVersion() + "\",\"source\":\"SQLITE\",\"exportedAt\":\"" + T0 + "\"");
            assertThat(json).doesNotContain("flyway");
            assertThat(json).contains("sealed-new"); // keys travel still sealed under the master key
        }
    }

    /** A populated SQLite database's export against a second, empty and migrated one. */
    @Nested
    class IntoAnotherDatabase {
        TestDatabases.Opened source;
        TestDatabases.Opened target;

        @BeforeEach
        void populateOneAndMigrateTheOther() throws Exception {
            source = TestDatabases.sqlite(dir.resolve("a"));
            target = TestDatabases.sqlite(dir.resolve("b"));
            populate(source.db());
            target.db().migrate();
        }

        @AfterEach
        void closeBoth() {
            if (target != null) target.close();
            if (source != null) source.close();
        }

        @Test
        void importIntoADatabaseThatHoldsDataIsRefusedAndChangesNothing() throws Exception {
            target.db().store().settingIfAbsent("metadata.document-id", "_mine");

            assertThatThrownBy(() -> importInto(target.db(), export(source.db())))
                    .isInstanceOf(StoreImport.ImportException.class)
                    .hasMessageContaining("not empty");

            assertThat(target.db().store().listUsers()).isEmpty();
            assertThat(target.db().store().setting("metadata.document-id")).contains("_mine");
        }

        @Test
        void anExportOfAnotherSchemaVersionIsRefused() throws Exception {
            String file = new String(export(source.db()), StandardCharsets.UTF_8)
                    .replace("\"schemaVersion\":\"" + source.db().schemaVersion() + "\"", "\"schemaVersion\":\"999\"");

            assertThatThrownBy(() -> importInto(target.db(), file.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(StoreImport.ImportException.class)
                    .hasMessageContaining("schema version 999");
        }

        @Test
        void hostileOrBrokenFilesAreRefusedAndLeaveTheDatabaseEmpty() throws Exception {
            String good = new String(export(source.db()), StandardCharsets.UTF_8);

            List<String> bad = List.of(
                    good.replace("\"name\":\"users\"", "\"name\":\"users; DROP TABLE settings\""),
                    good.replace("\"smtp_address\"", "\"smtp_address) VALUES (1); --\""),
                    good.replace("\"alice@contoso.com\"", "12"),
                    good.replaceFirst("\"_doc-1\"\\]", "\"_doc-1\",\"extra\"]"),
                    good.substring(0, good.length() / 2),
                    "<xml/>",
                    "{\"format\":\"something-else\"}");
            for (String file : bad) {
                assertThatThrownBy(() -> importInto(target.db(), file.getBytes(StandardCharsets.UTF_8)))
                        .as(file.length() > 80 ? file.substring(0, 80) : file)
                        .isInstanceOf(StoreImport.ImportException.class);
            }

            assertThat(target.db().store().listUsers()).isEmpty();
            assertThat(target.db().store().listKeys()).isEmpty();
            assertThat(target.db().store().setting("metadata.document-id")).isEmpty();
        }

        @Test
        void aFileThatIsNotJsonIsRefusedInOurWordsWithWhereNeverTheParsersText() throws Exception {
            String good = new String(export(source.db()), StandardCharsets.UTF_8);
            Map<String, String> expected = new java.util.LinkedHashMap<>();
            expected.put(good.substring(0, good.length() / 2), "ends in the middle of the JSON at line");
            expected.put("<xml/>", "is not valid JSON at line 1, column 1");
            expected.put("{\"format\":\"ewstoken-store-export\",\"formatVersion\":1" + "9".repeat(40) + "}",
                    "exceeds a limit of the JSON reader");
            expected.put("{\"format\":\"ewstoken-store-export\",\"formatVersion\":99999999999}", "holds a number too large");
            expected.forEach((file, words) -> assertThatThrownBy(() ->
                    importInto(target.db(), file.getBytes(StandardCharsets.UTF_8)))
                    .as(file.length() > 80 ? file.substring(0, 80) : file)
                    .isInstanceOf(StoreImport.ImportException.class)
                    .hasMessageContaining(words)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContainIgnoringCase("token")
                            .doesNotContain("Unexpected").doesNotContain("marker").doesNotContain("Source")
                            .doesNotContain("jackson").doesNotContain("code ")));
        }
    }
}
