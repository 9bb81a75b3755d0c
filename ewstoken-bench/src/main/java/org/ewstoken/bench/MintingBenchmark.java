package org.ewstoken.bench;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.ewstoken.server.crypto.SignatureProviders;
import org.ewstoken.tokens.IdentityTokenRequest;
import org.ewstoken.tokens.IssuedToken;
import org.ewstoken.tokens.IssuerSettings;
import org.ewstoken.tokens.SigningKey;
import org.ewstoken.tokens.SigningKeys;
import org.ewstoken.tokens.TokenMinter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One identity token: claims, JSON, base64url and the RS256 signature, per signing provider. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MintingBenchmark {

    @Param({"auto", "jdk"})
    public String provider;

    SigningKey key;
    TokenMinter minter;
    final IdentityTokenRequest request = new IdentityTokenRequest("https://addin.contoso.com/taskpane.html",
            "fbef2009-fdf5-46b0-96e8-88e476115918", false);

    @Setup
    public void setUp() {
        key = SigningKeys.generate("bench", Duration.ofDays(1), Clock.systemUTC());
        IssuerSettings issuer = new IssuerSettings("mail.contoso.com",
                URI.create("https://mail.contoso.com:443/autodiscover/metadata/json/1"),
                URI.create("https://mail.contoso.com/EWS/Exchange.asmx"), URI.create("https://mail.contoso.com/api"),
                Duration.ofHours(8), Duration.ofMinutes(5));
        minter = new TokenMinter(issuer, Clock.systemUTC(), SignatureProviders.choose(provider).provider());
    }

    @Benchmark
    public IssuedToken identityToken() {
        return minter.identityToken(key, request);
    }
}
