package org.ewstoken.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.ewstoken.store.PrivateFiles;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ewstoken.server.Installation;
import org.ewstoken.server.config.FileProblems;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.store.Database;
import org.ewstoken.store.StoredKey;
import org.ewstoken.store.transfer.StoreExport;
import org.ewstoken.store.transfer.StoreImport;
import org.ewstoken.store.transfer.TransferSummary;
import org.ewstoken.tokens.MasterKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Move a whole installation between databases (SQLite and PostgreSQL, either way).")
final class StoreCommand extends CommandGroup {

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write every user, add-in, signing key (still sealed by the master key), setting and "
                    + "audit record of the configured database to FILE (a new file, mode 0600). The master key "
                    + "is not in it: the importing installation needs the same one.")
    static final class Export extends InstallationCommand {
        @Parameters(paramLabel = "FILE", description = "The export file to create.")
        Path file;

        Export(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() {
            ServerConfig config = common.config(cli, Map.of());
            Path sqlite = config.dataDir().resolve(Installation.DATABASE_FILE);
            if (config.store().url().isEmpty() && !Files.exists(sqlite)) {
                throw new Main.CommandFailure("there is no installation to export: " + sqlite + " does not exist"
                        + " (name the data directory with --data-dir, or set store-url for PostgreSQL)");
            }
            try (Database db = Installation.openDatabase(config)) {
                if (db.schemaVersion().equals("0")) {
                    throw new Main.CommandFailure("there is no installation to export: " + db.description()
                            + " has no ewstoken schema (is it the right database?)");
                }
                TransferSummary summary;
                try (OutputStream out = createPrivate(file)) {
                    summary = StoreExport.write(db, out, Clock.systemUTC());
                } catch (IOException e) {
                    throw new Main.CommandFailure("cannot write " + file + ": " + FileProblems.describe(e));
                } catch (UncheckedIOException e) {
                    throw new Main.CommandFailure("cannot write " + file + ": " + FileProblems.describe(e.getCause()));
                }
                cli.out().println("exported " + describe(summary) + " from " + db.description() + " to " + file);
                return 0;
            }
        }

        /** The file holds password hashes and sealed keys: readable by its owner only, never overwritten. */
        private static OutputStream createPrivate(Path file) {
            try {
                Path created = Files.createFile(file,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                PrivateFiles.restrictFile(created); // explicit: the mode above passes through the umask
                return Files.newOutputStream(created, StandardOpenOption.TRUNCATE_EXISTING);
            } catch (FileAlreadyExistsException e) {
                throw new Main.CommandFailure(file + " exists already; export writes only new files");
            } catch (IOException e) {
                throw new Main.CommandFailure("cannot create " + file + ": " + FileProblems.describe(e));
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Read an export FILE into the configured database, which must hold no data yet (its "
                    + "schema is created first). All or nothing. The signing keys in the file are sealed by the "
                    + "master key of the installation it came from: configure that key first (--master-key-file, "
                    + "master-key-file or EWSTOKEN_MASTER_KEY, or copy its master.key into the data directory); "
                    + "the import checks that it opens every key before it commits.")
    static final class Import extends InstallationCommand {
        @Parameters(paramLabel = "FILE", description = "A file written by 'ewstoken store export'.")
        Path file;

        Import(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() {
            ServerConfig config = common.config(cli, Map.of());
            InputStream in = open(file); // before anything is created: a wrong name leaves no database behind
            Optional<MasterKey> masterKey = Installation.configuredMasterKey(config);
            try (in; Database db = Installation.openDatabase(config)) {
                db.migrate();
                TransferSummary summary = StoreImport.read(db, in, keys -> requireOpens(keys, masterKey, config));
                cli.out().println("imported " + describe(summary) + " from " + file + " into " + db.description());
                if (masterKey.isPresent() && summary.rowsByTable().getOrDefault("signing_keys", 0L) > 0) {
                    cli.out().println("the master key in " + Installation.masterKeySource(config)
                            + " opens every imported signing key");
                }
                return 0;
            } catch (IOException e) {
                throw new Main.CommandFailure("cannot read " + file + ": " + FileProblems.describe(e));
            } catch (UncheckedIOException e) {
                throw new Main.CommandFailure("cannot read " + file + ": " + FileProblems.describe(e.getCause()));
            } catch (StoreImport.ImportException e) {
                throw new Main.CommandFailure("cannot import " + file + ": " + e.getMessage());
            }
        }

        private static InputStream open(Path file) {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new Main.CommandFailure("cannot read " + file + ": " + FileProblems.describe(e));
            }
        }

        /** Keys no configured master key opens would be a trap: any later command would make a new, useless one. */
        private void requireOpens(List<StoredKey> keys, Optional<MasterKey> masterKey, ServerConfig config) {
            if (keys.isEmpty()) return;
            String n = keys.size() + " signing key" + (keys.size() == 1 ? "" : "s");
            if (masterKey.isEmpty()) {
                throw new StoreImport.ImportException("it holds " + n + " sealed by the master key of the installation"
                        + " it was exported from, and no master key is configured here; supply that key: copy its"
                        + " master.key to " + config.masterKeyFile().orElse(config.dataDir().resolve(
                        Installation.MASTER_KEY_FILE)) + " (mode 0600), or name it with --master-key-file or"
                        + " EWSTOKEN_MASTER_KEY, then import again (nothing was imported)");
            }
            for (StoredKey k : keys) {
                if (!KeyRing.opens(masterKey.get(), k)) {
                    throw new StoreImport.ImportException("the master key in " + Installation.masterKeySource(config)
                            + " does not open signing key " + k.keyId() + " of the file: supply the master key of the"
                            + " installation it was exported from, then import again (nothing was imported)");
                }
            }
        }
    }

    static String describe(TransferSummary summary) {
        StringBuilder sb = new StringBuilder().append(summary.totalRows()).append(" rows (");
        summary.rowsByTable().forEach((table, rows) -> sb.append(table).append(' ').append(rows).append(", "));
        sb.setLength(sb.length() - 2);
        return sb.append("), schema version ").append(summary.schemaVersion()).toString();
    }
}
