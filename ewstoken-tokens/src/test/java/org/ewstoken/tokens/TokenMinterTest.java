package org.ewstoken.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ewstoken.tokens.Fixtures.CLOCK;
import static org.ewstoken.tokens.Fixtures.EWS_URL;
import static org.ewstoken.tokens.Fixtures.METADATA_URL;
import static org.ewstoken.tokens.Fixtures.REALM;
import static org.ewstoken.tokens.Fixtures.REST_URL;
import static org.ewstoken.tokens.Fixtures.SETTINGS;
import static org.ewstoken.tokens.Fixtures.keyA;
import static org.ewstoken.tokens.Fixtures.keyB;

import java.security.Security;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

class TokenMinterTest {
    private static final IdentityTokenRequest IDENTITY =
            new IdentityTokenRequest("https://addin.contoso.com/read.html", "uid-1", false);
    private static final CallbackTokenRequest CALLBACK = new CallbackTokenRequest(CallbackKind.EXTENSION_CALLBACK,
            "uid-1", "alice@contoso.com", "alice@contoso.com", "https://addin.contoso.com", null);

    @Test
    void aFixedClockGivesTheSameIdentityTokenEveryTime() {
        // RS256 (PKCS#1 v1.5) is deterministic, and an identity token has no random claim.
        TokenMinter minter = new TokenMinter(SETTINGS, CLOCK, null);
        assertThat(minter.identityToken(keyA(), IDENTITY)).isEqualTo(minter.identityToken(keyA(), IDENTITY));
    }

    @Test
    void timesFollowTheClockTruncatedToWholeSeconds() {
        Instant later = Instant.parse("2030-06-01T12:34:56.999999Z");
        TokenMinter minter = new TokenMinter(SETTINGS, Clock.fixed(later, ZoneOffset.UTC), null);

        IssuedToken token = minter.callbackToken(keyA(), CALLBACK);

        assertThat(token.notBefore()).isEqualTo(Instant.parse("2030-06-01T12:34:56Z"));
        assertThat(token.expiresAt()).isEqualTo(Instant.parse("2030-06-01T12:39:56Z"));
    }

    @Test
    void eachTokenNamesTheKeyThatSignedIt() throws Exception {
        TokenMinter minter = new TokenMinter(SETTINGS, CLOCK, null);
        IssuedToken fromA = minter.identityToken(keyA(), IDENTITY);
        IssuedToken fromB = minter.identityToken(keyB(), IDENTITY);

        assertThat(Jwt.x5t(fromA.value())).isEqualTo(keyA().keyId()).isEqualTo(fromA.keyId());
        assertThat(Jwt.x5t(fromB.value())).isEqualTo(keyB().keyId()).isEqualTo(fromB.keyId());
    }

    @Test
    void withoutAnInjectedProviderTheJdkSigns() {
        assertThat(new TokenMinter(SETTINGS, CLOCK, null).providerName()).isEqualTo("SunRsaSign");
    }

    @Test
    void anInjectedProviderSignsAndItsTokensVerifyElsewhere() throws Exception {
        TokenMinter minter = new TokenMinter(SETTINGS, CLOCK, new BouncyCastleProvider());
        assertThat(minter.providerName()).isEqualTo("BC");

        IssuedToken token = minter.identityToken(keyA(), IDENTITY);

        Jwt.verify(token.value(), keyA().certificate().getPublicKey(), IDENTITY.audience());
        // Same key, same claims, deterministic RS256: byte-identical to the JDK's token.
        assertThat(token.value()).isEqualTo(new TokenMinter(SETTINGS, CLOCK, null).identityToken(keyA(), IDENTITY).value());
    }

    @Test
    void aSwitchingMinterSignsWithWhateverProviderIsCurrentAndTheTokensAreTheSame() throws Exception {
        var current = new java.util.concurrent.atomic.AtomicReference<java.security.Provider>();
        TokenMinter minter = TokenMinter.switching(SETTINGS, CLOCK, current::get);
        assertThat(minter.providerName()).isEqualTo("SunRsaSign");
        IssuedToken byJdk = minter.identityToken(keyA(), IDENTITY);

        current.set(new BouncyCastleProvider());

        assertThat(minter.providerName()).isEqualTo("BC");
        // RS256 (PKCS#1 v1.5) is deterministic: the provider changes nothing in the token.
        assertThat(minter.identityToken(keyA(), IDENTITY).value()).isEqualTo(byJdk.value());
    }

    @Test
    void aProviderWithoutSha256WithRsaIsRefusedAtConstruction() {
        assertThatThrownBy(() -> new TokenMinter(SETTINGS, CLOCK, Security.getProvider("SunJCE")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("provider SunJCE does not offer SHA256withRSA");
    }

    @Test
    void mintsConcurrentlyFromOneInstance() throws Exception {
        TokenMinter minter = new TokenMinter(SETTINGS, CLOCK, null);
        List<String> tokens = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(() -> {
                    for (int j = 0; j < 10; j++) {
                        tokens.add(minter.callbackToken(j % 2 == 0 ? keyA() : keyB(), CALLBACK).value());
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(tokens).hasSize(40);
        // Callback tokens carry no random claim (as Exchange's): with a fixed clock, one token per key.
        assertThat(Set.copyOf(tokens)).hasSize(2);
        for (String token : Set.copyOf(tokens)) {
            SigningKey signer = Jwt.x5t(token).equals(keyA().keyId()) ? keyA() : keyB();
            Jwt.verify(token, signer.certificate().getPublicKey(), SETTINGS.callbackAudience(CallbackKind.EXTENSION_CALLBACK));
        }
    }

    @Test
    void issuerIsTheExchangePrincipalAtTheRealm() {
        assertThat(SETTINGS.issuer()).isEqualTo("00000002-0000-0ff1-ce00-000000000000@mail.contoso.com");
    }

    @Test
    void lifetimesMustBeAtLeastASecond() {
        assertThatThrownBy(() -> new IssuerSettings(REALM, METADATA_URL, EWS_URL, REST_URL, Duration.ofMillis(999),
                Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("identityLifetime must be at least one second");
        assertThatThrownBy(() -> new IssuerSettings(REALM, METADATA_URL, EWS_URL, REST_URL, Duration.ofHours(8),
                Duration.ofMinutes(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("callbackLifetime must be at least one second");
    }

    @Test
    void anIssuedTokenDoesNotPrintItsValue() {
        IssuedToken token = new TokenMinter(SETTINGS, CLOCK, null).identityToken(keyA(), IDENTITY);
        assertThat(token.toString()).doesNotContain(token.value()).contains(keyA().keyId());
    }
}
