package org.ewstoken.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import com.sun.net.httpserver.HttpServer;
import org.ewstoken.tokens.CallbackKind;
import org.ewstoken.tokens.CallbackTokenRequest;
import org.ewstoken.tokens.IdentityTokenRequest;
import org.ewstoken.tokens.IssuerSettings;
import org.ewstoken.tokens.MetadataDocument;
import org.ewstoken.tokens.SigningKey;
import org.ewstoken.tokens.SigningKeys;
import org.ewstoken.tokens.TokenMinter;
import org.ewstoken.validation.CallbackToken;
import org.ewstoken.validation.CallbackTokenKind;
import org.ewstoken.validation.CallbackTokenValidator;
import org.ewstoken.validation.IdentityToken;
import org.ewstoken.validation.IdentityTokenValidator;
import org.ewstoken.validation.KeySource;
import org.ewstoken.validation.MetadataClient;
import org.ewstoken.validation.MetadataTrust;
import org.ewstoken.validation.TokenValidationException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Validations per second of the ewstoken-validation library with a warm metadata cache: what one
 * shared validator costs an add-in back end (identity tokens) or a resource server (callback tokens)
 * per request. The metadata document is served by a real HTTP server on loopback; the setup fetches it
 * once and the teardown checks that the measured validations fetched nothing more.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ValidationBenchmark {

    private static final String AUDIENCE = "https://addin.contoso.com/read.html";
    private static final URI EWS = URI.create("https://mail.contoso.com/EWS/Exchange.asmx");

    private HttpServer metadataServer;
    private final AtomicInteger metadataRequests = new AtomicInteger();
    private IdentityTokenValidator identityValidator;
    private CallbackTokenValidator callbackValidator;
    private String identityToken;
    private String callbackToken;

    @Setup
    public void setUp() throws IOException, TokenValidationException {
        SigningKey key = SigningKeys.generate("bench", Duration.ofDays(1), Clock.systemUTC());
        metadataServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String hostAndPort = "127.0.0.1:" + metadataServer.getAddress().getPort();
        URI metadataUrl = URI.create("http://" + hostAndPort + MetadataTrust.METADATA_PATH);
        byte[] document = MetadataDocument.render("_" + UUID.randomUUID(), metadataUrl, List.of(key.certificate()));
        metadataServer.createContext(MetadataTrust.METADATA_PATH, exchange -> {
            metadataRequests.incrementAndGet();
            exchange.getResponseHeaders().set("Cache-Control", "public, max-age=3600");
            exchange.sendResponseHeaders(200, document.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(document);
            }
        });
        metadataServer.start();

        TokenMinter minter = new TokenMinter(new IssuerSettings("mail.contoso.com", metadataUrl, EWS,
                URI.create("https://mail.contoso.com/api"), Duration.ofHours(8), Duration.ofHours(1)),
                Clock.systemUTC(), null);
        identityToken = minter.identityToken(key, new IdentityTokenRequest(AUDIENCE, UUID.randomUUID().toString(),
                false)).value();
        callbackToken = minter.callbackToken(key, new CallbackTokenRequest(CallbackKind.EXTENSION_CALLBACK,
                UUID.randomUUID().toString(), "alice@contoso.com", "alice@contoso.com", "https://addin.contoso.com",
                "ParentItemId:AAMkAGI2TG93AAA=")).value();

        identityValidator = IdentityTokenValidator.builder()
                .audience(AUDIENCE)
                .trust(MetadataTrust.hosts(hostAndPort))
                .metadataClient(MetadataClient.builder().allowHttp(true).build())
                .build();
        callbackValidator = CallbackTokenValidator.builder()
                .issuerRealm("mail.contoso.com")
                .keys(KeySource.of(List.of(key.certificate())))
                .accept(EWS, CallbackTokenKind.EXTENSION_CALLBACK)
                .build();
        identityValidator.validate(identityToken); // fills the cache: the one fetch
    }

    @TearDown
    public void tearDown() {
        metadataServer.stop(0);
        if (metadataRequests.get() != 1) {
            throw new IllegalStateException("cached validations fetched the metadata document "
                    + metadataRequests.get() + " times; expected exactly once (in setup)");
        }
    }

    /** An Exchange identity token, as an add-in back end validates it on every request. */
    @Benchmark
    public IdentityToken identityToken() throws TokenValidationException {
        return identityValidator.validate(identityToken);
    }

    /** A callback token, as a resource server validates its bearer token on every request. */
    @Benchmark
    public CallbackToken callbackToken() throws TokenValidationException {
        return callbackValidator.validate(callbackToken);
    }
}
