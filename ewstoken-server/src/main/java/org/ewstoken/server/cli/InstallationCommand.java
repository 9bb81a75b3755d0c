package org.ewstoken.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** A command that works on an installation: where it lives ({@link CommonOptions}) and the outside world. */
abstract class InstallationCommand implements Callable<Integer> {

    protected final Cli cli;

    @Mixin
    protected CommonOptions common;

    InstallationCommand(Cli cli) {
        this.cli = cli;
    }
}
