package org.ewstoken.server.cli;

import java.util.concurrent.Callable;

/** A command and the outside world it may touch ({@link Cli}); tests pass their own. */
abstract class CliCommand implements Callable<Integer> {

    protected final Cli cli;

    CliCommand(Cli cli) {
        this.cli = cli;
    }
}
