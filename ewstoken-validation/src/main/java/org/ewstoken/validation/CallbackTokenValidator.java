package org.ewstoken.validation;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Validates callback tokens ({@code ExtensionCallback}, {@code ExtensionRestApiCallback}, {@code ScopedToken}) for a
 * resource server that receives them as {@code Authorization: Bearer}: header (RS256 only), issuer ({@code iss}),
 * kind and audience together (each accepted {@code ver} is bound to this endpoint's host), the realm of
 * {@code nameid} and {@code appctxsender}, lifetime, signature by a key from the configured {@link KeySource} (never
 * from anything the token names), and the mailbox claims in {@code appctx}.
 *
 * <p>Tokens in Exchange's form are expected (REFERENCE §5, docs/tokens.md); the form ewstoken issued before is
 * accepted too (see {@link CallbackToken#legacyForm()}). It does not know whether the mailbox and add-in still
 * exist: see {@link CallbackToken}. What the token allows a request to do: {@link CallbackTokenAuthorizer}.
 * Thread-safe; build one per endpoint and share it.
 *
 * <pre>{@code
 * CallbackTokenValidator validator = CallbackTokenValidator.builder()
 *         .issuerRealm("mail.contoso.com")
 *         .keys(KeySource.metadata(URI.create("https://mail.contoso.com/autodiscover/metadata/json/1"),
 *                 MetadataClient.defaults()))
 *         .accept(URI.create("https://mail.contoso.com/EWS/Exchange.asmx"),
 *                 CallbackTokenKind.EXTENSION_CALLBACK, CallbackTokenKind.SCOPED)
 *         .build();
 * CallbackToken token = validator.validate(bearer); // TokenValidationException: answer 401
 * }</pre>
 */
public final class CallbackTokenValidator {

    /** Exchange's well-known application id; issuers are {@code <this>@<realm>}. */
    public static final String EXCHANGE_PRINCIPAL = "00000002-0000-0ff1-ce00-000000000000";
    private static final String RENEW = "the add-in should call getCallbackTokenAsync again";

    private final String realm;
    private final String issuer;
    private final KeySource keys;
    /** Per kind: the endpoint URL (legacy {@code aud}) and Exchange's {@code aud} for it. */
    private final Map<CallbackTokenKind, URI> endpoints;
    private final Duration clockSkew;
    private final Clock clock;

    private CallbackTokenValidator(Builder b) {
        this.realm = b.realm;
        this.issuer = EXCHANGE_PRINCIPAL + "@" + b.realm;
        this.keys = b.keys;
        this.endpoints = Map.copyOf(b.endpoints);
        this.clockSkew = b.clockSkew;
        this.clock = b.clock;
        Rs256.requireAvailable();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Exchange's {@code aud} for an endpoint: {@code 00000002-0000-0ff1-ce00-000000000000/<host>@<realm>}. */
    public static String audience(URI endpoint, String realm) {
        return EXCHANGE_PRINCIPAL + "/" + endpoint.getHost() + "@" + realm;
    }

    public CallbackToken validate(String token) throws TokenValidationException {
        JwsToken jws = JwsToken.parse(token);
        Claims payload = jws.payload();
        String ver = payload.string("ver").orElse(null);
        Optional<CallbackTokenKind> kind = CallbackTokenKind.fromVersion(ver);
        if (kind.isEmpty() || !endpoints.containsKey(kind.get())) {
            throw new WrongVersionException("the token's ver is " + Texts.quote(ver) + "; this endpoint accepts "
                    + endpoints.keySet().stream().map(CallbackTokenKind::version).sorted().toList()
                    + (payload.has("appctx") && !payload.has("ver")
                    ? " (this is an identity token, which is never a callback token)" : ""));
        }
        String iss = payload.string("iss").orElse(null);
        if (!issuer.equals(iss)) {
            throw new UntrustedIssuerException("the token's iss " + Texts.quote(iss) + " must be " + Texts.quote(issuer)
                    + ", the issuer this endpoint trusts");
        }
        URI endpoint = endpoints.get(kind.get());
        String expected = audience(endpoint, realm);
        String aud = payload.string("aud").orElse(null);
        boolean legacy = endpoint.toString().equals(aud);
        if (!expected.equals(aud) && !legacy) {
            throw new AudienceMismatchException("the " + kind.get().tokenType() + " token is for aud " + Texts.quote(aud)
                    + " but this endpoint is " + Texts.quote(expected) + " (a token for another endpoint or "
                    + "server must not be accepted)");
        }
        Lifetime lifetime = Lifetime.check(payload, clock.instant(), clockSkew, RENEW);
        CallbackToken validated = legacy ? legacy(kind.get(), payload, jws, lifetime, aud)
                : exchangeForm(kind.get(), payload, jws, lifetime, aud);
        X509Certificate certificate = keys.certificate(jws.keyId());
        Rs256.verify(jws, certificate);
        return validated;
    }

    private CallbackToken exchangeForm(CallbackTokenKind kind, Claims payload, JwsToken jws, Lifetime lifetime, String aud)
            throws MalformedTokenException, UntrustedIssuerException {
        String atRealm = "@" + realm;
        String nameid = required(payload, "nameid", "the mailbox's id at the realm");
        if (!nameid.endsWith(atRealm) || nameid.length() == atRealm.length()) {
            throw new UntrustedIssuerException("the token's nameid " + Texts.quote(nameid) + " is not a mailbox id at "
                    + Texts.quote(atRealm));
        }
        String sender = required(payload, "appctxsender", "the add-in's origin at the realm");
        String senderSuffix = "/" + atRealm;
        if (!sender.endsWith(senderSuffix) || sender.length() == senderSuffix.length()) {
            throw new UntrustedIssuerException("the token's appctxsender " + Texts.quote(sender)
                    + " is not an add-in origin followed by " + Texts.quote(senderSuffix));
        }
        Claims appctx = payload.appContext("the token has no appctx claim (the mailbox's oid, smtp, upn and scope)");
        String smtp = appctx.required("smtp", "appctx has no smtp (the mailbox's address)");
        String upn = appctx.string("upn").filter(s -> !s.isEmpty()).orElse(smtp);
        Optional<String> scope = appctx.string("scope").filter(s -> !s.isBlank());
        if (kind == CallbackTokenKind.SCOPED && scope.isEmpty()) {
            throw new MalformedTokenException("the ScopedToken's appctx has no scope");
        }
        return new CallbackToken(kind, nameid.substring(0, nameid.length() - atRealm.length()), smtp, upn, scope,
                Optional.of(sender.substring(0, sender.length() - senderSuffix.length())), Optional.empty(),
                payload.string("jti").orElseGet(() -> signatureDigest(jws)), payload.string("iss").orElseThrow(), aud,
                lifetime.notBefore(), lifetime.expiresAt(), jws.keyId(), payload);
    }

    /** The claims ewstoken used before it issued Exchange's form; see {@link CallbackToken#legacyForm()}. */
    private CallbackToken legacy(CallbackTokenKind kind, Claims payload, JwsToken jws, Lifetime lifetime, String aud)
            throws MalformedTokenException, UntrustedIssuerException {
        String sender = payload.string("appctxsender").orElse(null);
        if (!issuer.equals(sender)) {
            throw new UntrustedIssuerException("the token's appctxsender " + Texts.quote(sender) + " must be "
                    + Texts.quote(issuer));
        }
        String nameid = required(payload, "nameid", "the mailbox's id");
        String smtp = required(payload, "smtp", "the mailbox's address");
        String appid = required(payload, "appid", "the add-in's id");
        String jti = required(payload, "jti", "the token's id");
        String perm = required(payload, "perm", "the add-in's permission");
        if (AddInPermission.fromWire(perm).isEmpty()) {
            throw new MalformedTokenException("the token's perm " + Texts.quote(perm)
                    + " is not ReadItem, ReadWriteItem or ReadWriteMailbox");
        }
        Optional<String> scope = payload.string("scp").filter(s -> !s.isBlank());
        if (kind == CallbackTokenKind.SCOPED && scope.isEmpty()) {
            throw new MalformedTokenException("the ScopedToken has no scp claim naming its scope");
        }
        return new CallbackToken(kind, nameid, smtp, smtp, kind == CallbackTokenKind.SCOPED ? scope : Optional.empty(),
                Optional.empty(), Optional.of(appid), jti, payload.string("iss").orElseThrow(), aud,
                lifetime.notBefore(), lifetime.expiresAt(), jws.keyId(), payload);
    }

    /** Exchange's callback tokens have no jti: a digest of the signature names one without granting anything. */
    private static String signatureDigest(JwsToken jws) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(jws.signature());
            return "sig-" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String required(Claims payload, String name, String what) throws MalformedTokenException {
        return payload.required(name, "the token has no " + name + " claim (" + what + ")");
    }

    /** Settings of a {@link CallbackTokenValidator}. */
    public static final class Builder {
        private String realm;
        private KeySource keys;
        private final Map<CallbackTokenKind, URI> endpoints = new EnumMap<>(CallbackTokenKind.class);
        private Duration clockSkew = Duration.ofMinutes(1);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The issuer's realm (ewstoken: the host of its public URL): trusts {@code iss}
         * {@code 00000002-0000-0ff1-ce00-000000000000@<realm>} and {@code nameid}/{@code appctxsender} at it. Required.
         */
        public Builder issuerRealm(String realm) {
            if (Objects.requireNonNull(realm, "realm").isBlank()) throw new IllegalArgumentException("realm is blank");
            this.realm = realm;
            return this;
        }

        /** Where the issuer's certificates come from: {@link KeySource#of} or {@link KeySource#metadata}. Required. */
        public Builder keys(KeySource keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * Accepts tokens of these kinds for this endpoint: their {@code aud} must be
         * {@code 00000002-0000-0ff1-ce00-000000000000/<endpoint host>@<realm>} (or, for a legacy token, the endpoint
         * URL itself). E.g. the EWS URL for EXTENSION_CALLBACK and SCOPED, the REST URL for REST_API_CALLBACK.
         */
        public Builder accept(URI endpoint, CallbackTokenKind... kinds) {
            Objects.requireNonNull(endpoint, "endpoint");
            if (endpoint.getHost() == null) throw new IllegalArgumentException("the endpoint URL has no host: " + endpoint);
            if (kinds.length == 0) throw new IllegalArgumentException("name at least one kind");
            for (CallbackTokenKind k : kinds) endpoints.put(Objects.requireNonNull(k, "kind"), endpoint);
            return this;
        }

        /** How far this machine's clock may be from the issuer's; default 1 minute (callback tokens live minutes). */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = Lifetime.skew(skew, Duration.ofMinutes(10), "10 minutes");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public CallbackTokenValidator build() {
            if (realm == null) throw new IllegalStateException("set the issuer's realm (issuerRealm)");
            if (keys == null) throw new IllegalStateException("set where the issuer's keys come from (keys)");
            if (endpoints.isEmpty()) throw new IllegalStateException("accept at least one kind of token at an endpoint URL");
            return new CallbackTokenValidator(this);
        }
    }
}
