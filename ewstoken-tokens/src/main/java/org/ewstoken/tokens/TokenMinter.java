package org.ewstoken.tokens;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Signs identity and callback tokens. Thread-safe; one instance serves the whole server.
 *
 * <p>Tokens are assembled byte by byte rather than through a JWT library: the header and claim order
 * are part of the format (REFERENCE §2), and the hot path should cost one RSA signature plus a few
 * hundred bytes of copying. The header of each key is encoded once and cached. Signing goes through
 * {@link Signature} with the injected {@link Provider}, so a native provider can take over the RSA work.
 */
public final class TokenMinter {
    private static final String SIGNATURE_ALGORITHM = "SHA256withRSA";
    private static final String IDENTITY_TOKEN_VERSION = "ExIdTok.V1";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    /** Keys rotate rarely; the bound only stops a caller minting with endless fresh keys from leaking. */
    private static final int HEADER_CACHE_LIMIT = 64;

    private final IssuerSettings settings;
    private final Clock clock;
    /**
     * The provider to sign with now; null from it: the JDK picks one per key, as Signature.getInstance(alg) does. It
     * may change once (the server signs with the JDK's until a native provider has loaded and passed its self-test).
     */
    private final Supplier<Provider> provider;
    private final String issuer;
    private final ConcurrentMap<String, byte[]> encodedHeaders = new ConcurrentHashMap<>();
    /**
     * Signature objects are stateful, so one per thread, reused token after token: a native provider
     * keeps its native form of the key while the same key object is passed to initSign again, and
     * converting it costs more than the signature itself. Each remembers the provider it was made for.
     */
    private final ThreadLocal<Held> signatures = new ThreadLocal<>();

    private record Held(Provider requested, Signature signature) {}

    /**
     * @param signatureProvider the JCA provider that computes SHA256withRSA signatures, or null for the
     *                          JDK's default provider selection
     * @throws IllegalArgumentException if the provider does not offer SHA256withRSA
     */
    public TokenMinter(IssuerSettings settings, Clock clock, Provider signatureProvider) {
        this(settings, clock, () -> signatureProvider, 0);
    }

    /**
     * A minter whose provider may change while it runs: the server signs with the JDK's until a native provider has
     * loaded and passed its self-test, rather than have its start wait for that.
     *
     * @param signatureProvider the JCA provider to sign with at each moment (null from it: the JDK's default
     *                          selection); asked once per token, so it must be cheap (a volatile read)
     * @throws IllegalArgumentException if its provider now does not offer SHA256withRSA
     */
    public static TokenMinter switching(IssuerSettings settings, Clock clock, Supplier<Provider> signatureProvider) {
        return new TokenMinter(settings, clock, signatureProvider, 0);
    }

    private TokenMinter(IssuerSettings settings, Clock clock, Supplier<Provider> signatureProvider, int unused) {
        this.settings = requireNonNull(settings, "settings");
        this.clock = requireNonNull(clock, "clock");
        this.provider = requireNonNull(signatureProvider, "signatureProvider");
        this.issuer = settings.issuer();
        Provider now = signatureProvider.get();
        try {
            newSignature(now); // fail at construction, not on the first request
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException((now == null ? "the JDK" : "provider " + now.getName())
                    + " does not offer " + SIGNATURE_ALGORITHM, e);
        }
    }

    private static String defaultProviderName() {
        Provider[] candidates = Security.getProviders("Signature." + SIGNATURE_ALGORITHM);
        return candidates == null ? "none" : candidates[0].getName();
    }

    /** The name of the JCA provider that signs now (with no injected provider: the JDK's first choice). */
    public String providerName() {
        Provider now = provider.get();
        return now != null ? now.getName() : defaultProviderName();
    }

    /** Mints a {@code CallerIdentity} token: the Exchange user identity token of REFERENCE §2 and §5. */
    public IssuedToken identityToken(SigningKey key, IdentityTokenRequest request) {
        requireNonNull(key, "key");
        requireNonNull(request, "request");
        return exchangeToken(key, settings.identityLifetime(), request.audience(), 160, appContext -> {
            appContext.writeStringField("msexchuid", request.exchangeUid());
            appContext.writeStringField("version", IDENTITY_TOKEN_VERSION);
            appContext.writeStringField("amurl", settings.metadataUrl().toString());
        }, claims -> {
            claims.writeStringField("appctxsender", issuer);
            // "True"/"False": .NET prints a boolean capitalised, and that is what real tokens carry (REFERENCE §5).
            claims.writeStringField("isbrowserhostedapp", request.browserHostedApp() ? "True" : "False");
        });
    }

    /**
     * Mints an {@code ExtensionCallback}, {@code ExtensionRestApiCallback} or {@code ScopedToken} token, in the
     * shape of the real Exchange callback token (REFERENCE §5): {@code ver}, {@code aud}
     * {@code 00000002-…/<host>@<realm>}, {@code nameid} {@code <mailbox id>@<realm>}, {@code appctxsender}
     * {@code <add-in origin>/@<realm>} and {@code appctx}, a JSON string with {@code oid}, {@code smtp},
     * {@code upn} and (for a scoped token) {@code scope}.
     */
    public IssuedToken callbackToken(SigningKey key, CallbackTokenRequest request) {
        requireNonNull(key, "key");
        requireNonNull(request, "request");
        String realm = settings.realm();
        return exchangeToken(key, settings.callbackLifetime(), settings.callbackAudience(request.kind()), 256,
                appContext -> {
                    appContext.writeStringField("oid", request.exchangeUid());
                    appContext.writeStringField("smtp", request.smtpAddress());
                    appContext.writeStringField("upn", request.upn());
                    if (request.scope() != null) {
                        appContext.writeStringField("scope", request.scope());
                    }
                }, claims -> {
                    claims.writeStringField("nameid", request.exchangeUid() + "@" + realm);
                    claims.writeStringField("ver", request.kind().version());
                    claims.writeStringField("appctxsender", request.addInOrigin() + "/@" + realm);
                });
    }

    /**
     * An Exchange token (REFERENCE §5): {@code aud}, {@code iss}, {@code nbf} and {@code exp}, then the claims of its
     * type, then {@code appctx}, a JSON string holding the JSON object {@code appContext} writes the members of.
     */
    private IssuedToken exchangeToken(SigningKey key, Duration lifetime, String audience, int appContextSize,
                                      Json.Body appContext, Json.Body claims) {
        Instant notBefore = now();
        Instant expiresAt = notBefore.plusSeconds(lifetime.getSeconds());
        String appContextJson = new String(Json.write(appContextSize, json -> {
            json.writeStartObject();
            appContext.write(json);
            json.writeEndObject();
        }), UTF_8);
        byte[] payload = Json.write(appContextJson.length() + 384, json -> {
            json.writeStartObject();
            json.writeStringField("aud", audience);
            json.writeStringField("iss", issuer);
            json.writeNumberField("nbf", notBefore.getEpochSecond());
            json.writeNumberField("exp", expiresAt.getEpochSecond());
            claims.write(json);
            json.writeStringField("appctx", appContextJson); // a JSON string holding JSON, as Exchange sends it
            json.writeEndObject();
        });
        return sign(key, payload, notBefore, expiresAt);
    }

    /**
     * Mints an access token for an add-in back end (RFC 8693 token exchange): {@code iss}, {@code sub}, {@code aud},
     * {@code exp}, {@code iat}, {@code jti}, {@code client_id} and, if given, {@code email}. The header is the one every
     * token of the key has, so the key set's {@code kid} finds it. {@code exp} is the request's, cut to whole seconds.
     *
     * @throws IllegalArgumentException if {@code exp} is not after now
     */
    public IssuedToken accessToken(SigningKey key, AccessTokenRequest request) {
        requireNonNull(key, "key");
        requireNonNull(request, "request");
        Instant issuedAt = now();
        Instant expiresAt = request.expiresAt().truncatedTo(ChronoUnit.SECONDS);
        if (!expiresAt.isAfter(issuedAt)) throw new IllegalArgumentException("exp " + expiresAt + " is not after now");
        byte[] payload = Json.write(512, json -> {
            json.writeStartObject();
            json.writeStringField("iss", request.issuer());
            json.writeStringField("sub", request.subject());
            json.writeStringField("aud", request.audience());
            json.writeNumberField("exp", expiresAt.getEpochSecond());
            json.writeNumberField("iat", issuedAt.getEpochSecond());
            json.writeStringField("jti", request.tokenId());
            json.writeStringField("client_id", request.clientId());
            if (request.email() != null) json.writeStringField("email", request.email());
            json.writeEndObject();
        });
        return sign(key, payload, issuedAt, expiresAt);
    }

    /** JWT times are whole seconds; truncating here keeps nbf and {@link IssuedToken#notBefore} equal. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private IssuedToken sign(SigningKey key, byte[] payloadJson, Instant notBefore, Instant expiresAt) {
        byte[] header = encodedHeader(key);
        byte[] payload = BASE64URL.encode(payloadJson);
        byte[] signingInput = new byte[header.length + 1 + payload.length];
        System.arraycopy(header, 0, signingInput, 0, header.length);
        signingInput[header.length] = '.';
        System.arraycopy(payload, 0, signingInput, header.length + 1, payload.length);

        byte[] signature = BASE64URL.encode(rs256(key, signingInput));
        byte[] token = new byte[signingInput.length + 1 + signature.length];
        System.arraycopy(signingInput, 0, token, 0, signingInput.length);
        token[signingInput.length] = '.';
        System.arraycopy(signature, 0, token, signingInput.length + 1, signature.length);
        // All base64url, so ASCII; ISO-8859-1 lets the JDK copy the bytes into a compact string as-is.
        return new IssuedToken(new String(token, ISO_8859_1), notBefore, expiresAt, key.keyId());
    }

    private byte[] rs256(SigningKey key, byte[] signingInput) {
        Provider now = provider.get();
        try {
            Held held = signatures.get();
            if (held == null || held.requested() != now) {
                held = new Held(now, newSignature(now));
                signatures.set(held);
            }
            Signature signature = held.signature();
            signature.initSign(key.privateKey());
            signature.update(signingInput);
            return signature.sign();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(SIGNATURE_ALGORITHM + " vanished from " + name(now), e);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("signing key " + key.keyId() + " cannot be used by provider "
                    + name(now) + ": " + e.getMessage(), e);
        } catch (SignatureException e) {
            throw new IllegalStateException("RS256 signing failed with provider " + name(now), e);
        }
    }

    private static Signature newSignature(Provider provider) throws NoSuchAlgorithmException {
        return provider == null ? Signature.getInstance(SIGNATURE_ALGORITHM)
                : Signature.getInstance(SIGNATURE_ALGORITHM, provider);
    }

    private static String name(Provider provider) {
        return provider != null ? provider.getName() : defaultProviderName();
    }

    /**
     * Base64url of {@code {"alg":"RS256","kid":"<HEX>","x5t":"…","typ":"JWT"}}, in the member order of real Exchange
     * tokens (REFERENCE §5): {@code kid} is the upper-case hex of the same SHA-1 thumbprint {@code x5t} carries in
     * base64url. The same for every token of a key.
     */
    private byte[] encodedHeader(SigningKey key) {
        byte[] cached = encodedHeaders.get(key.keyId());
        if (cached != null) {
            return cached;
        }
        if (encodedHeaders.size() >= HEADER_CACHE_LIMIT) {
            encodedHeaders.clear();
        }
        byte[] header = BASE64URL.encode(Json.write(128, json -> {
            json.writeStartObject();
            json.writeStringField("alg", "RS256");
            json.writeStringField("kid", SigningKeys.hexThumbprint(key.keyId()));
            json.writeStringField("x5t", key.keyId());
            json.writeStringField("typ", "JWT");
            json.writeEndObject();
        }));
        encodedHeaders.put(key.keyId(), header);
        return header;
    }
}
