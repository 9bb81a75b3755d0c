package org.ewstoken.server.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.util.Map;

/** What a command may touch of the outside world; tests pass their own. */
record Cli(PrintWriter out, PrintWriter err, Map<String, String> environment, BufferedReader stdin) {
}
