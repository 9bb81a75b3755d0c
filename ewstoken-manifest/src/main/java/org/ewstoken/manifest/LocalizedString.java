package org.ewstoken.manifest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A manifest string with per-locale overrides, e.g. {@code DisplayName DefaultValue="Contoso"} with
 * {@code <Override Locale="fr-FR" Value="..."/>}.
 *
 * @param defaultValue the value for the manifest's default locale
 * @param overrides    locale tag (as written, e.g. {@code fr-FR}) to value, in document order; unmodifiable
 */
public record LocalizedString(String defaultValue, Map<String, String> overrides) {
    public LocalizedString {
        Objects.requireNonNull(defaultValue, "defaultValue");
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    public static LocalizedString of(String defaultValue) {
        return new LocalizedString(defaultValue, Map.of());
    }

    /** The value for {@code localeTag} (matched ignoring case, then by language alone), else the default. */
    public String in(String localeTag) {
        if (localeTag == null) {
            return defaultValue;
        }
        String language = localeTag.split("-", 2)[0];
        String byLanguage = null;
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (e.getKey().equalsIgnoreCase(localeTag)) {
                return e.getValue();
            }
            if (byLanguage == null && e.getKey().split("-", 2)[0].equalsIgnoreCase(language)) {
                byLanguage = e.getValue();
            }
        }
        return byLanguage != null ? byLanguage : defaultValue;
    }
}
