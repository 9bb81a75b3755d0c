package org.ewstoken.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ewstoken.server.config.Setting;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README's settings table and command line summary are held to the code, so that they stay
 * true as settings, commands and options are added: a failure names the rows to add or fix.
 */
class ReadmeTest {

    static String readme;

    @BeforeAll
    static void read() throws Exception {
        // Surefire runs in the module's directory; the README is the project's.
        readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    }

    @Test
    void theSettingsTableListsEverySettingWithItsVariableAndDefault() {
        Map<String, String[]> rows = settingsRows();
        Set<String> keys = new TreeSet<>();
        Setting.ALL.forEach(s -> keys.add(s.key()));

        Set<String> missing = new TreeSet<>(keys);
        missing.removeAll(rows.keySet());
        Set<String> unknown = new TreeSet<>(rows.keySet());
        unknown.removeAll(keys);
        assertThat(missing).as("settings 'serve --help' prints that README.md's table lacks (add a row each)").isEmpty();
        assertThat(unknown).as("rows of README.md's settings table that are no setting (remove or rename them)").isEmpty();

        for (Setting s : Setting.ALL) {
            String[] row = rows.get(s.key());
            assertThat(row[1]).as("environment variable of %s", s.key()).isEqualTo("`" + s.environmentVariable() + "`");
            if (!s.defaultValue().isEmpty()) {
                assertThat(row[2]).as("default of %s", s.key()).startsWith("`" + s.defaultValue() + "`");
            }
            assertThat(row[3]).as("meaning of %s", s.key()).isNotBlank();
        }
    }

    @Test
    void theCommandSummaryShowsEveryCommandWithOnlyTheOptionsItTakes() {
        CommandLine root = Main.allCommands(cli());
        Set<String> documented = new TreeSet<>();
        Pattern option = Pattern.compile("--(?:\\[no-])?([a-z][a-z-]*)");
        for (String line : summaryLines()) {
            String[] words = line.split("\\s+");
            assertThat(words[0]).isEqualTo("ewstoken");
            CommandLine command = root;
            int i = 1;
            while (i < words.length && command.getSubcommands().containsKey(words[i])) {
                command = command.getSubcommands().get(words[i++]);
            }
            String name = command.getCommandSpec().qualifiedName();
            assertThat(command.getSubcommands()).as("'%s' in README.md names no command, only the group %s", line, name)
                    .isEmpty();
            documented.add(name);
            Matcher m = option.matcher(line);
            while (m.find()) {
                assertThat(command.getCommandSpec().findOption("--" + m.group(1)))
                        .as("README.md shows %s with --%s, which it does not take", name, m.group(1)).isNotNull();
            }
        }
        assertThat(documented).as("commands README.md's summary shows").containsExactlyInAnyOrderElementsOf(leaves(root));
    }

    @Test
    void exactlyTheCommandsTheReadmeSaysTakeTheInstallationOptions() {
        Set<String> without = new TreeSet<>();
        for (String name : leaves(Main.allCommands(cli()))) {
            CommandLine command = Main.allCommands(cli());
            for (String word : name.split(" ")) {
                if (!word.equals("ewstoken")) command = command.getSubcommands().get(word);
            }
            boolean takes = command.getCommandSpec().findOption("--data-dir") != null
                    && command.getCommandSpec().findOption("--config") != null
                    && command.getCommandSpec().findOption("--master-key-file") != null;
            if (!takes) without.add(name);
        }
        assertThat(readme).contains("those that touch the installation (all but `selftest`, `token decode`\n"
                + "and `token validate`) also take `--data-dir`, `--config` and `--master-key-file`");
        assertThat(without).containsExactlyInAnyOrder("ewstoken selftest", "ewstoken token decode",
                "ewstoken token validate");
    }

    /** Setting key to its cells (key, variable, default, meaning), from the table under "## Configuration". */
    static Map<String, String[]> settingsRows() {
        String section = readme.substring(readme.indexOf("## Configuration"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : section.lines().toList()) {
            if (!line.startsWith("| `")) continue;
            List<String> cells = new ArrayList<>();
            for (String cell : line.substring(1).split("(?<!\\\\)\\|")) cells.add(cell.strip().replace("\\|", "|"));
            String key = cells.get(0).replace("`", "");
            assertThat(rows).as("README.md lists %s twice", key).doesNotContainKey(key);
            rows.put(key, cells.subList(0, 4).toArray(String[]::new));
        }
        return rows;
    }

    /** The code block under "## Command line", continuation lines joined to the command they continue. */
    static List<String> summaryLines() {
        String section = readme.substring(readme.indexOf("## Command line"));
        int start = section.indexOf("```\n") + 4;
        List<String> lines = new ArrayList<>();
        for (String line : section.substring(start, section.indexOf("```", start)).lines().toList()) {
            if (line.startsWith(" ")) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " " + line.strip());
            } else if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    static Set<String> leaves(CommandLine command) {
        Set<String> out = new TreeSet<>();
        if (command.getSubcommands().isEmpty()) {
            out.add(command.getCommandSpec().qualifiedName());
        }
        command.getSubcommands().values().forEach(c -> out.addAll(leaves(c)));
        return out;
    }

    static Cli cli() {
        return new Cli(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(),
                new BufferedReader(new StringReader("")));
    }
}
