package org.ewstoken.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.ewstoken.tokens.CallbackKind;
import org.ewstoken.tokens.CallbackTokenRequest;
import org.ewstoken.tokens.IdentityTokenRequest;
import org.ewstoken.tokens.IssuerSettings;
import org.ewstoken.tokens.SigningKey;
import org.ewstoken.tokens.SigningKeys;
import org.ewstoken.tokens.TokenMinter;
import org.ewstoken.testkit.RequiredService;
import org.junit.jupiter.api.Test;

class SignatureProvidersTest {

    static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
    static final IssuerSettings ISSUER = new IssuerSettings("mail.contoso.com",
            URI.create("https://mail.contoso.com:443/autodiscover/metadata/json/1"),
            URI.create("https://mail.contoso.com/EWS/Exchange.asmx"), URI.create("https://mail.contoso.com/api"),
            Duration.ofHours(8), Duration.ofMinutes(5));

    @Test
    void onLinuxX86TheNativeProviderIsChosenAutomatically() {
        RequiredService.assume("The native crypto provider", System.getProperty("os.name").startsWith("Linux")
                && System.getProperty("os.arch").matches("amd64|x86_64") ? null : "its build is for Linux x86_64 only");
        SignatureProviders.Choice choice = SignatureProviders.choose("auto");
        assertThat(choice.provider()).isNotNull();
        assertThat(choice.description()).startsWith("Amazon Corretto Crypto Provider");
    }

    @Test
    void theJdkCanBeForcedAndNonsenseIsRefused() {
        SignatureProviders.Choice jdk = SignatureProviders.choose("jdk");
        assertThat(jdk.provider()).isNull();
        assertThat(jdk.description()).startsWith("JDK");
        assertThatThrownBy(() -> SignatureProviders.choose("fastest")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokensAreByteForByteTheSameWithEitherProvider() {
        SignatureProviders.Choice fast = SignatureProviders.choose("auto");
        RequiredService.assume("The native crypto provider", fast.provider() != null ? null : fast.description());
        SigningKey key = SigningKeys.generate("mail.contoso.com", Duration.ofDays(30), FIXED);
        TokenMinter jdk = new TokenMinter(ISSUER, FIXED, null);
        TokenMinter nativeMinter = new TokenMinter(ISSUER, FIXED, fast.provider());

        IdentityTokenRequest identity = new IdentityTokenRequest("https://addin.example/x.html",
                "fbef2009-fdf5-46b0-96e8-88e476115918", false);
        assertThat(nativeMinter.identityToken(key, identity).value()).isEqualTo(jdk.identityToken(key, identity).value());

        CallbackTokenRequest callback = new CallbackTokenRequest(CallbackKind.EXTENSION_CALLBACK,
                "fbef2009-fdf5-46b0-96e8-88e476115918", "alice@contoso.com", "alice@contoso.com", "https://addin.example", null);
        String a = jdk.callbackToken(key, callback).value();
        String b = nativeMinter.callbackToken(key, callback).value();
        // Callback tokens, like Exchange's, carry no random claim: the same claims give the same token.
        assertThat(a).isEqualTo(b);
    }

    @Test
    void aKeyTheNativeProviderMakesHasACertificateItSignedThatTheJdkVerifies() throws Exception {
        SignatureProviders.Choice fast = SignatureProviders.choose("auto");
        RequiredService.assume("The native crypto provider", fast.provider() != null ? null : fast.description());
        SigningKey key = SigningKeys.generate("mail.contoso.com", Duration.ofDays(30), FIXED, fast.provider());

        key.certificate().verify(key.certificate().getPublicKey(), "SunRsaSign"); // throws unless signed by its own key
        assertThat(key.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(key.privateKey().getClass().getName()).contains("amazon");
    }
}
