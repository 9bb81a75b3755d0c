package org.ewstoken.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Which amurls the trust policies let through: a token chooses its amurl, so every near miss must fail. */
class MetadataTrustTest {

    /** Every one of {@code urls} is let through by {@code trust}. */
    static void assertTrusted(MetadataTrust trust, String... urls) {
        assertThat(urls).allSatisfy(url -> assertThat(trust.trusts(URI.create(url))).as("trusts %s", url).isTrue());
    }

    /** None of {@code urls} is let through by {@code trust}. */
    static void assertRefused(MetadataTrust trust, String... urls) {
        assertThat(urls).allSatisfy(url -> assertThat(trust.trusts(URI.create(url))).as("refuses %s", url).isFalse());
    }

    @Test
    void hostsTrustExchangesMetadataPathOnTheDefaultPortUnlessAPortIsNamed() {
        MetadataTrust trust = MetadataTrust.hosts("Mail.Contoso.com", "mail.fabrikam.com:8443");

        assertTrusted(trust,
                "https://mail.contoso.com/autodiscover/metadata/json/1",
                "https://MAIL.contoso.com:443/autodiscover/metadata/json/1",
                "https://mail.contoso.com/AutoDiscover/Metadata/JSON/1",
                "https://mail.fabrikam.com:8443/autodiscover/metadata/json/1");

        assertRefused(trust,
                "https://mail.contoso.com:8443/autodiscover/metadata/json/1",
                "https://mail.fabrikam.com/autodiscover/metadata/json/1",
                "https://mail.contoso.com/autodiscover/metadata/json/1?x=1",
                "https://mail.contoso.com/autodiscover/metadata/json/1#x",
                "https://mail.contoso.com/uploads/keys.json",
                "https://evil@mail.contoso.com/autodiscover/metadata/json/1",
                "https://mail.contoso.com.evil.example/autodiscover/metadata/json/1",
                "https://evil.example/autodiscover/metadata/json/1?h=mail.contoso.com");
    }

    @Test
    void urlsMatchExactlyWithTheDefaultPortWrittenOrNot() {
        MetadataTrust trust = MetadataTrust.urls("https://mail.contoso.com/autodiscover/metadata/json/1");

        assertTrusted(trust,
                "https://mail.contoso.com:443/autodiscover/metadata/json/1",
                "https://MAIL.CONTOSO.COM/autodiscover/metadata/json/1");
        assertRefused(trust,
                "http://mail.contoso.com/autodiscover/metadata/json/1",
                "https://mail.contoso.com/autodiscover/metadata/json/2",
                "https://user@mail.contoso.com/autodiscover/metadata/json/1");
    }

    @Test
    void sameHostAsTakesHostAndPortFromAServiceUrl() {
        MetadataTrust trust = MetadataTrust.sameHostAs(URI.create("https://mail.contoso.com/EWS/Exchange.asmx"));

        assertTrusted(trust, "https://mail.contoso.com:443/autodiscover/metadata/json/1");
        assertRefused(trust,
                "https://mail.contoso.com:444/autodiscover/metadata/json/1",
                "https://autodiscover.contoso.com/autodiscover/metadata/json/1");
    }

    @Test
    void noneTrustsNothingAndOrCombines() {
        String url = "https://mail.contoso.com/autodiscover/metadata/json/1";

        assertRefused(MetadataTrust.none(), url);
        assertTrusted(MetadataTrust.none().or(MetadataTrust.hosts("mail.contoso.com")), url);
    }
}
