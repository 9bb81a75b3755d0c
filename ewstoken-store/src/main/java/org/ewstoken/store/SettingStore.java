package org.ewstoken.store;

import java.util.Optional;

/** The settings area of the {@link Store}: small named values, e.g. a document id created once. */
public interface SettingStore {

    Optional<String> setting(String name);

    /** Sets name=value only if absent; returns the value now stored, so concurrent callers agree. */
    String settingIfAbsent(String name, String value);

    /** A {@link SettingStore} that hands every call to {@link #settings()}: a new method gets its line here. */
    interface Delegating extends SettingStore {
        SettingStore settings();

        @Override
        default Optional<String> setting(String name) {
            return settings().setting(name);
        }

        @Override
        default String settingIfAbsent(String name, String value) {
            return settings().settingIfAbsent(name, value);
        }
    }
}
