package org.ewstoken.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestVersionTest {
    @Test
    void missingPartsCountAsZero() {
        assertThat(ManifestVersion.of("1.1")).isEqualTo(ManifestVersion.of("1.1.0.0"))
                .hasSameHashCodeAs(ManifestVersion.of("1.1.0.0"));
        assertThat(ManifestVersion.of("1.1")).hasToString("1.1");
    }

    @Test
    void comparisonIsNumericPartByPart() {
        assertThat(ManifestVersion.of("1.10").isNewerThan(ManifestVersion.of("1.9"))).isTrue();
        assertThat(ManifestVersion.of("2.0.0.1").isNewerThan(ManifestVersion.of("2.0"))).isTrue();
        assertThat(ManifestVersion.of("1.0.0").isNewerThan(ManifestVersion.of("1.0"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.", ".1", "1..2", "1.2.3.4.5", "v1", "1.x", "-1", "1 .2", "1234567890"})
    void anythingElseIsNotAVersion(String text) {
        assertThat(ManifestVersion.parse(text)).isEmpty();
    }
}
