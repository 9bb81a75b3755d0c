package org.ewstoken.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import org.ewstoken.server.Installation;
import org.ewstoken.store.Database;
import org.ewstoken.store.transfer.StoreExport;
import org.ewstoken.store.transfer.StoreImport;
import org.ewstoken.store.transfer.TransferSummary;
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
            try (Database db = Installation.openDatabase(common.config(cli, Map.of()))) {
                TransferSummary summary;
                try (OutputStream out = createPrivate(file)) {
                    summary = StoreExport.write(db, out, Clock.systemUTC());
                } catch (IOException | UncheckedIOException e) {
                    throw new Main.CommandFailure("cannot write " + file + ": " + e.getMessage());
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
                return Files.newOutputStream(created, StandardOpenOption.TRUNCATE_EXISTING);
            } catch (FileAlreadyExistsException e) {
                throw new Main.CommandFailure(file + " exists already; export writes only new files");
            } catch (IOException e) {
                throw new Main.CommandFailure("cannot create " + file + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Read an export FILE into the configured database, which must hold no data yet (its "
                    + "schema is created first). All or nothing. Start the servers with the master key of the "
                    + "installation the file came from.")
    static final class Import extends InstallationCommand {
        @Parameters(paramLabel = "FILE", description = "A file written by 'ewstoken store export'.")
        Path file;

        Import(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() {
            try (Database db = Installation.openDatabase(common.config(cli, Map.of()))) {
                db.migrate();
                TransferSummary summary;
                try (InputStream in = Files.newInputStream(file)) {
                    summary = StoreImport.read(db, in);
                } catch (NoSuchFileException e) {
                    throw new Main.CommandFailure("no such file: " + file);
                } catch (IOException e) {
                    throw new Main.CommandFailure("cannot read " + file + ": " + e.getMessage());
                } catch (StoreImport.ImportException e) {
                    throw new Main.CommandFailure("cannot import " + file + ": " + e.getMessage());
                }
                cli.out().println("imported " + describe(summary) + " from " + file + " into " + db.description());
                return 0;
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
