package org.ewstoken.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link Setting#ALL} is derived from the settings records: these tests prove that no setting is
 * left out of it, that each record lists what it declares, and that the console masks by the flag.
 * (README.md's table is held to {@code ALL} by {@code ReadmeTest}.)
 */
class SettingCatalogTest {

    /** Every class of the config package, found on disk so that a new record is covered without a list here. */
    static List<Class<?>> configClasses() throws Exception {
        Path dir = Path.of("src/main/java/org/ewstoken/server/config");
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String name = f.getFileName().toString().replace(".java", "");
                out.add(Class.forName("org.ewstoken.server.config." + name));
            }
        }
        return out;
    }

    /** The public static Setting constants a class declares, in declaration order. */
    static List<Setting> declared(Class<?> c) throws IllegalAccessException {
        List<Setting> out = new ArrayList<>();
        for (Field f : c.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) && Modifier.isPublic(m) && f.getType() == Setting.class) {
                out.add((Setting) f.get(null));
            }
        }
        return out;
    }

    @Test
    void everySettingConstantOfEveryRecordIsInAllAndAllHoldsNothingElse() throws Exception {
        Set<Setting> declared = new HashSet<>();
        for (Class<?> c : configClasses()) declared.addAll(declared(c));

        assertThat(declared).as("settings declared in the config package").hasSizeGreaterThan(100);
        assertThat(Set.copyOf(Setting.ALL)).isEqualTo(declared);
    }

    @Test
    void eachRecordsListHoldsExactlyTheConstantsItDeclaresInTheirOrder() throws Exception {
        for (Class<?> c : configClasses()) {
            List<Setting> constants = declared(c);
            if (constants.isEmpty()) continue;
            Field list = c.getDeclaredField("SETTINGS");
            list.setAccessible(true);
            assertThat(list.get(null)).as("%s.SETTINGS", c.getSimpleName()).isEqualTo(constants);
        }
    }

    @Test
    void noTwoSettingsShareAKeyAndAllIsStable() {
        Set<String> keys = new TreeSet<>();
        for (Setting s : Setting.ALL) assertThat(keys.add(s.key())).as("key %s is unique", s.key()).isTrue();
        assertThat(Setting.ALL).isEqualTo(List.copyOf(Setting.ALL)).first().isEqualTo(CoreSettings.BIND);
    }

    @Test
    void theSecretsAreFlaggedAndTheConsoleShowsThemOnlyAsSet() {
        Set<String> secrets = new TreeSet<>();
        Setting.ALL.stream().filter(Setting::secret).forEach(s -> secrets.add(s.key()));

        // The settings whose values (or files) the console has always masked.
        assertThat(secrets).containsExactlyInAnyOrder("master-key", "store-password", "store-password-file",
                "introspection-client-secret-file", "introspection-client-secret", "tls-private-key", "tls-password",
                "upstream-password-file", "upstream-password", "ldap-bind-password-file", "front-hmac-secret-file");
        ServerConfig c = ServerConfig.defaults(Map.of(StoreSettings.STORE_PASSWORD, "hunter2-hunter2",
                CoreSettings.MASTER_KEY_FILE, "/etc/ewstoken/master.key"));
        assertThat(c.console().effective()).containsEntry("store-password", "(set)")
                .containsEntry("master-key", "").containsEntry("master-key-file", "/etc/ewstoken/master.key");
    }
}
