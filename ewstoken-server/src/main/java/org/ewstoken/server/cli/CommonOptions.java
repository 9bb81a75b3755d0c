package org.ewstoken.server.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.ewstoken.server.Installation;
import org.ewstoken.server.config.CoreSettings;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.config.Setting;
import picocli.CommandLine.Option;

/** Where the installation lives; shared by every command. */
final class CommonOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (Java properties, keys as in 'serve --help').")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: ./data, or EWSTOKEN_DATA_DIR).")
    Path dataDir;

    @Option(names = "--master-key-file", paramLabel = "FILE", description = "Master key file (default: <data-dir>/master.key).")
    Path masterKeyFile;

    ServerConfig config(Cli cli, Map<Setting, String> more) {
        Map<Setting, String> overrides = new HashMap<>(more);
        if (dataDir != null) overrides.put(CoreSettings.DATA_DIR, dataDir.toString());
        if (masterKeyFile != null) overrides.put(CoreSettings.MASTER_KEY_FILE, masterKeyFile.toString());
        Optional<Path> file = Optional.ofNullable(configFile)
                .or(() -> Optional.ofNullable(cli.environment().get("EWSTOKEN_CONFIG")).map(Path::of));
        return ServerConfig.resolve(overrides, cli.environment(), file);
    }

    Installation open(Cli cli) {
        return Installation.open(config(cli, Map.of()));
    }
}
