package org.ewstoken.store;

import java.util.Objects;
import java.util.Optional;

/** {@link SettingStore} over {@link Jdbc}: the {@code settings} table. */
record JdbcSettings(Jdbc jdbc) implements SettingStore {

    private static final String READ = "SELECT value FROM settings WHERE name = :name";

    @Override
    public Optional<String> setting(String name) {
        Values.requireText(name, "name");
        return jdbc.one("read setting", READ, rs -> rs.getString(1), SqlParams.text("name", name));
    }

    @Override
    public String settingIfAbsent(String name, String value) {
        Values.requireText(name, "name");
        Objects.requireNonNull(value, "value");
        SqlParams p = SqlParams.text("name", name).and("value", value);
        // Insert-if-absent then read back: whoever inserted first wins and everyone reads the winner.
        return jdbc.run("write setting", c -> {
            Jdbc.update(c, "INSERT INTO settings (name, value) VALUES (:name, :value) ON CONFLICT DO NOTHING", p);
            return Jdbc.one(c, READ, rs -> rs.getString(1), p)
                    .orElseThrow(() -> new StoreException("setting vanished after insert"));
        });
    }
}
