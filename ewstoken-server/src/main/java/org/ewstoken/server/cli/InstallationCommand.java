package org.ewstoken.server.cli;

import java.util.function.Function;
import org.ewstoken.server.Installation;
import org.ewstoken.server.admin.AdminServices;
import picocli.CommandLine.Mixin;

/** A command that works on an installation: where it lives ({@link CommonOptions}) and the outside world. */
abstract class InstallationCommand extends CliCommand {

    @Mixin
    protected CommonOptions common;

    InstallationCommand(Cli cli) {
        super(cli);
    }

    /**
     * Opens the installation, takes one step and prints the line that step returns: most commands are just
     * that, and the installation is closed however the step ends.
     */
    protected final int inInstallation(Function<Installation, String> step) {
        try (Installation inst = common.open(cli)) {
            cli.out().println(step.apply(inst));
            return 0;
        }
    }

    /** The services the admin API uses too, so that the command line copies none of their rules. */
    static AdminServices admin(Installation inst) {
        return AdminServices.over(inst, null, inst.clock());
    }
}
