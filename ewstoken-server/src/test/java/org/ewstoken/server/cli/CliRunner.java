package org.ewstoken.server.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;

/** Runs the real command line in-process, with captured output and a given stdin and environment. */
public final class CliRunner {

    public record Result(int exitCode, String out, String err) {}

    private CliRunner() {
    }

    public static Result run(Map<String, String> env, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new Cli(new PrintWriter(out, true), new PrintWriter(err, true), env,
                new BufferedReader(new StringReader(stdin))), args);
        return new Result(code, out.toString(), err.toString());
    }
}
