package org.ewstoken.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ewstoken.server.identity.SettingsRefusal.assertRefused;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ewstoken.server.config.ConfigException;
import org.ewstoken.server.config.NegotiateSettings;
import org.ewstoken.server.config.OidcSettings;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.config.TrustedFrontSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-in settings that cannot work are refused at start, saying what to do. */
class IdentityConfigTest {

    @TempDir Path dir;

    @Test
    void everyMethodIsOffByDefault() {
        var identity = ServerConfig.defaults(Map.of()).identity();
        assertThat(identity.ldap().enabled()).isFalse();
        assertThat(identity.negotiate().enabled()).isFalse();
        assertThat(identity.oidc().enabled()).isFalse();
        assertThat(identity.front().enabled()).isFalse();
    }

    @Test
    void oidcRefusesSymmetricAlgorithmsPlainHttpAndAMissingAudience() {
        assertRefused(Map.of(OidcSettings.OIDC_ISSUER, "https://sso.example",
                OidcSettings.OIDC_AUDIENCE, "ewstoken", OidcSettings.OIDC_ALGORITHMS, "RS256,HS256"), "HS256");
        assertRefused(Map.of(OidcSettings.OIDC_ISSUER, "https://sso.example",
                OidcSettings.OIDC_AUDIENCE, "ewstoken", OidcSettings.OIDC_ALGORITHMS, "none"), "NONE");
        assertRefused(Map.of(OidcSettings.OIDC_ISSUER, "http://sso.example",
                OidcSettings.OIDC_AUDIENCE, "ewstoken"), "https");
        assertRefused(Map.of(OidcSettings.OIDC_ISSUER, "https://sso.example"), "oidc-audience");
    }

    @Test
    void negotiateNeedsARealmAReadableKeytabAndForDirectoryMappingADirectory() throws Exception {
        Path keytab = Files.writeString(dir.resolve("http.keytab"), "x");
        assertRefused(Map.of(NegotiateSettings.NEGOTIATE_KEYTAB, keytab.toString()), "negotiate-realms");
        assertRefused(Map.of(NegotiateSettings.NEGOTIATE_KEYTAB, dir.resolve("none").toString(),
                NegotiateSettings.NEGOTIATE_REALMS, "EXAMPLE.TEST=example.test"), "cannot be read");
        assertRefused(Map.of(NegotiateSettings.NEGOTIATE_KEYTAB, keytab.toString(),
                NegotiateSettings.NEGOTIATE_REALMS, "EXAMPLE.TEST=example.test", NegotiateSettings.NEGOTIATE_MAPPING, "directory"), "ldap-url");
        assertRefused(Map.of(NegotiateSettings.NEGOTIATE_KEYTAB, keytab.toString(),
                NegotiateSettings.NEGOTIATE_REALMS, "EXAMPLE.TEST"), "REALM=mail.domain");
    }

    @Test
    void aFrontEndSecretMustBeLongAndTheWindowShort() throws Exception {
        Path shortSecret = Files.writeString(dir.resolve("front.secret"), "too-short");
        var front = ServerConfig.defaults(Map.of(TrustedFrontSettings.FRONT_HMAC_SECRET_FILE, shortSecret.toString())).identity().front();
        assertThatThrownBy(front::hmacSecret).isInstanceOf(ConfigException.class).hasMessageContaining("32");
        assertRefused(Map.of(TrustedFrontSettings.FRONT_CLOCK_WINDOW, "1h"), "front-clock-window");
    }
}
