package org.ewstoken.server.cli;

import java.util.Map;
import org.ewstoken.server.Installation;
import org.ewstoken.store.Database;
import org.ewstoken.store.Migrations;
import picocli.CommandLine.Command;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Bring the database schema up to date for this release, and nothing else. Run it once "
                + "before starting upgraded nodes (with migrate-on-start=false they refuse an outdated schema).")
final class MigrateCommand extends InstallationCommand {


    MigrateCommand(Cli cli) {
        super(cli);
    }

    @Override
    public Integer call() {
        try (Database db = Installation.openDatabase(common.config(cli, Map.of()))) {
            Migrations.Result result = db.migrate();
            cli.out().println(db.description() + ": " + (result.applied() == 0
                    ? "schema already at version " + result.schemaVersion()
                    : "applied " + result.applied() + " migration" + (result.applied() == 1 ? "" : "s")
                            + ", schema now at version " + result.schemaVersion()));
            return 0;
        }
    }
}
