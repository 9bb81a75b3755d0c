package org.ewstoken.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code serve}'s options read without picocli mean what picocli reads them to mean, or are left to picocli. */
class ServeArgumentsTest {

    final Cli cli = new Cli(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(),
            new BufferedReader(new StringReader("")));

    /** What picocli makes of {@code serve}'s arguments, as the fields it sets, for comparison. */
    String byPicocli(String... args) {
        ServeCommand serve = new ServeCommand(cli);
        new CommandLine(serve).parseArgs(Arrays.copyOfRange(args, 1, args.length));
        return fields(serve);
    }

    static String fields(ServeCommand s) {
        return List.of(s.demo, String.valueOf(s.port), String.valueOf(s.bind), String.valueOf(s.publicUrl),
                String.valueOf(s.upstreamEwsUrl), String.valueOf(s.upstreamUser), String.valueOf(s.upstreamPasswordFile),
                String.valueOf(s.common.configFile), String.valueOf(s.common.dataDir),
                String.valueOf(s.common.masterKeyFile)).toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "serve",
        "serve --demo",
        "serve --demo --port 8080 --data-dir /tmp/d",
        "serve --port=0080 --bind=127.0.0.1 --public-url=https://t.example/ --demo",
        "serve --config c.properties --master-key-file k/master.key --data-dir=rel/dir",
        "serve --upstream-ews-url https://ex.example/EWS/Exchange.asmx --upstream-user svc@contoso.com"
                + " --upstream-password-file /run/secret --port 443",
        "serve --bind=a=b",
    })
    void readsEveryPlainFormAsPicocliDoes(String line) {
        String[] args = line.split(" ");
        ServeCommand quick = ServeArguments.read(cli, args);
        assertThat(quick).as(line).isNotNull();
        assertThat(fields(quick)).isEqualTo(byPicocli(args));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "serve --help", "serve -h", "serve --version", "serve -V", "serve --demo --demo", "serve --port 1 --port 2",
        "serve --port", "serve --port -1", "serve --port +80", "serve --port 0x50", "serve --port 99999999999",
        "serve --port=", "serve --bind --demo", "serve --demo=true", "serve --data-dir @args", "serve @args",
        "serve --no-such-option", "serve extra", "serve -- --demo", "serve --Port 80", "users list", "--version",
    })
    void leavesToPicocliWhatItMightReadOtherwise(String line) {
        assertThat(ServeArguments.read(cli, line.split(" "))).as(line).isNull();
    }

    @Test
    void leavesToPicocliAPathItCannotConvert() {
        assertThat(ServeArguments.read(cli, "serve", "--data-dir", "a\0b")).isNull();
    }

    @Test
    void knowsEveryOptionOfServeThatPicocliKnows() {
        CommandLine.Model.CommandSpec spec = new CommandLine(new ServeCommand(cli)).getCommandSpec();
        TreeSet<String> names = new TreeSet<>();
        spec.options().forEach(o -> names.add(o.longestName()));
        names.removeAll(List.of("--help", "--version"));
        for (String name : names) {
            String[] args = name.equals("--demo") ? new String[] {"serve", name} : new String[] {"serve", name, "1"};
            assertThat(ServeArguments.read(cli, args)).as(name + " is read without picocli").isNotNull();
        }
        assertThat(names).hasSize(10);
    }
}
