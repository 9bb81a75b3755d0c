package org.ewstoken.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Which amurls the trust policies let through: a token chooses its amurl, so every near miss must fail. */
class MetadataTrustTest {

    static boolean trusts(MetadataTrust trust, String url) {
        return trust.trusts(URI.create(url));
    }

    @Test
    void hostsTrustExchangesMetadataPathOnTheDefaultPortUnlessAPortIsNamed() {
        MetadataTrust trust = MetadataTrust.hosts("Mail.Contoso.com", "mail.fabrikam.com:8443");

        assertThat(trusts(trust, "https://mail.contoso.com/autodiscover/metadata/json/1")).isTrue();
        assertThat(trusts(trust, "https://MAIL.contoso.com:443/autodiscover/metadata/json/1")).isTrue();
        assertThat(trusts(trust, "https://mail.contoso.com/AutoDiscover/Metadata/JSON/1")).isTrue();
        assertThat(trusts(trust, "https://mail.fabrikam.com:8443/autodiscover/metadata/json/1")).isTrue();

        assertThat(trusts(trust, "https://mail.contoso.com:8443/autodiscover/metadata/json/1")).isFalse();
        assertThat(trusts(trust, "https://mail.fabrikam.com/autodiscover/metadata/json/1")).isFalse();
        assertThat(trusts(trust, "https://mail.contoso.com/autodiscover/metadata/json/1?x=1")).isFalse();
        assertThat(trusts(trust, "https://mail.contoso.com/autodiscover/metadata/json/1#x")).isFalse();
        assertThat(trusts(trust, "https://mail.contoso.com/uploads/keys.json")).isFalse();
        assertThat(trusts(trust, "https://evil@mail.contoso.com/autodiscover/metadata/json/1")).isFalse();
        assertThat(trusts(trust, "https://mail.contoso.com.evil.example/autodiscover/metadata/json/1")).isFalse();
        assertThat(trusts(trust, "https://evil.example/autodiscover/metadata/json/1?h=mail.contoso.com")).isFalse();
    }

    @Test
    void urlsMatchExactlyWithTheDefaultPortWrittenOrNot() {
        MetadataTrust trust = MetadataTrust.urls("https://mail.contoso.com/autodiscover/metadata/json/1");

        assertThat(trusts(trust, "https://mail.contoso.com:443/autodiscover/metadata/json/1")).isTrue();
        assertThat(trusts(trust, "https://MAIL.CONTOSO.COM/autodiscover/metadata/json/1")).isTrue();
        assertThat(trusts(trust, "http://mail.contoso.com/autodiscover/metadata/json/1")).isFalse();
        assertThat(trusts(trust, "https://mail.contoso.com/autodiscover/metadata/json/2")).isFalse();
        assertThat(trusts(trust, "https://user@mail.contoso.com/autodiscover/metadata/json/1")).isFalse();
    }

    @Test
    void sameHostAsTakesHostAndPortFromAServiceUrl() {
        MetadataTrust trust = MetadataTrust.sameHostAs(URI.create("https://mail.contoso.com/EWS/Exchange.asmx"));

        assertThat(trusts(trust, "https://mail.contoso.com:443/autodiscover/metadata/json/1")).isTrue();
        assertThat(trusts(trust, "https://mail.contoso.com:444/autodiscover/metadata/json/1")).isFalse();
        assertThat(trusts(trust, "https://autodiscover.contoso.com/autodiscover/metadata/json/1")).isFalse();
    }

    @Test
    void noneTrustsNothingAndOrCombines() {
        String url = "https://mail.contoso.com/autodiscover/metadata/json/1";

        assertThat(trusts(MetadataTrust.none(), url)).isFalse();
        assertThat(trusts(MetadataTrust.none().or(MetadataTrust.hosts("mail.contoso.com")), url)).isTrue();
    }
}
