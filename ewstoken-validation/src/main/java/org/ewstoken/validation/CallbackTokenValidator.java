package org.ewstoken.validation;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Validates ewstoken callback tokens ({@code ExtensionCallback}, {@code ExtensionRestApiCallback},
 * {@code ScopedToken}) for a resource server that receives them as {@code Authorization: Bearer}: header
 * (RS256 only), issuer ({@code iss} and {@code appctxsender}), kind and audience together (each accepted
 * {@code ver} is bound to this endpoint's URL), lifetime, signature by a key from the configured
 * {@link KeySource} (never from anything the token names), and the mailbox, add-in and permission claims.
 *
 * <p>It does not know whether the mailbox and add-in still exist: see {@link CallbackToken}.
 * Thread-safe; build one per endpoint and share it.
 */
public final class CallbackTokenValidator {

    /** Exchange's well-known application id; issuers are {@code <this>@<realm>}. */
    public static final String EXCHANGE_PRINCIPAL = "00000002-0000-0ff1-ce00-000000000000";
    private static final String RENEW = "the add-in should call getCallbackTokenAsync again";

    private final String issuer;
    private final KeySource keys;
    private final Map<CallbackTokenKind, String> audiences;
    private final Duration clockSkew;
    private final Clock clock;

    private CallbackTokenValidator(Builder b) {
        this.issuer = b.issuer;
        this.keys = b.keys;
        this.audiences = Map.copyOf(b.audiences);
        this.clockSkew = b.clockSkew;
        this.clock = b.clock;
        Rs256.requireAvailable();
    }

    public static Builder builder() {
        return new Builder();
    }

    public CallbackToken validate(String token) throws TokenValidationException {
        JwsToken jws = JwsToken.parse(token);
        Claims payload = jws.payload();
        String ver = payload.string("ver").orElse(null);
        Optional<CallbackTokenKind> kind = CallbackTokenKind.fromVersion(ver);
        if (kind.isEmpty() || !audiences.containsKey(kind.get())) {
            throw new WrongVersionException("the token's ver is " + Texts.quote(ver) + "; this endpoint accepts "
                    + audiences.keySet().stream().map(CallbackTokenKind::version).sorted().toList()
                    + (payload.has("appctx") ? " (this is an identity token, which is never a callback token)" : ""));
        }
        String iss = payload.string("iss").orElse(null);
        String sender = payload.string("appctxsender").orElse(null);
        if (!issuer.equals(iss) || !issuer.equals(sender)) {
            throw new UntrustedIssuerException("the token's iss " + Texts.quote(iss) + " and appctxsender "
                    + Texts.quote(sender) + " must both be " + Texts.quote(issuer) + ", the issuer this endpoint trusts");
        }
        String expectedAudience = audiences.get(kind.get());
        String aud = payload.string("aud").orElse(null);
        if (!expectedAudience.equals(aud)) {
            throw new AudienceMismatchException("the " + kind.get().tokenType() + " token is for aud " + Texts.quote(aud)
                    + " but this endpoint is " + Texts.quote(expectedAudience) + " (a token for another endpoint or "
                    + "server must not be accepted)");
        }
        Lifetime lifetime = Lifetime.check(payload, clock.instant(), clockSkew, RENEW);
        String nameid = required(payload, "nameid", "the mailbox's id");
        String smtp = required(payload, "smtp", "the mailbox's address");
        String appid = required(payload, "appid", "the add-in's id");
        String jti = required(payload, "jti", "the token's id");
        String perm = required(payload, "perm", "the add-in's permission");
        AddInPermission permission = AddInPermission.fromWire(perm).orElseThrow(() -> new MalformedTokenException(
                "the token's perm " + Texts.quote(perm) + " is not ReadItem, ReadWriteItem or ReadWriteMailbox"));
        Optional<String> scope = payload.string("scp");
        if (kind.get() == CallbackTokenKind.SCOPED && scope.filter(s -> !s.isBlank()).isEmpty()) {
            throw new MalformedTokenException("the ScopedToken has no scp claim naming its scope");
        }
        X509Certificate certificate = keys.certificate(jws.keyId());
        Rs256.verify(jws, certificate);
        return new CallbackToken(kind.get(), nameid, smtp, appid, permission,
                kind.get() == CallbackTokenKind.SCOPED ? scope : Optional.empty(), jti, iss, URI.create(aud),
                lifetime.notBefore(), lifetime.expiresAt(), jws.keyId(), payload);
    }

    private static String required(Claims payload, String name, String what) throws MalformedTokenException {
        Optional<String> v = payload.string(name).filter(s -> !s.isEmpty());
        if (v.isEmpty()) throw new MalformedTokenException("the token has no " + name + " claim (" + what + ")");
        return v.get();
    }

    /** Settings of a {@link CallbackTokenValidator}. */
    public static final class Builder {
        private String issuer;
        private KeySource keys;
        private final Map<CallbackTokenKind, String> audiences = new EnumMap<>(CallbackTokenKind.class);
        private Duration clockSkew = Duration.ofMinutes(1);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The issuer's realm, the host of its public URL: trusts {@code 00000002-0000-0ff1-ce00-000000000000@<realm>}. Required. */
        public Builder issuerRealm(String realm) {
            if (Objects.requireNonNull(realm, "realm").isBlank()) throw new IllegalArgumentException("realm is blank");
            this.issuer = EXCHANGE_PRINCIPAL + "@" + realm;
            return this;
        }

        /** Where the issuer's certificates come from: {@link KeySource#of} or {@link KeySource#metadata}. Required. */
        public Builder keys(KeySource keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * Accepts tokens of these kinds addressed to this endpoint URL (their {@code aud}). Call once per endpoint
         * URL: e.g. the EWS URL for EXTENSION_CALLBACK and SCOPED, the REST URL for REST_API_CALLBACK.
         */
        public Builder accept(URI endpoint, CallbackTokenKind... kinds) {
            Objects.requireNonNull(endpoint, "endpoint");
            if (kinds.length == 0) throw new IllegalArgumentException("name at least one kind");
            for (CallbackTokenKind k : kinds) audiences.put(Objects.requireNonNull(k, "kind"), endpoint.toString());
            return this;
        }

        /** How far this machine's clock may be from the issuer's; default 1 minute (callback tokens live minutes). */
        public Builder clockSkew(Duration skew) {
            Objects.requireNonNull(skew, "skew");
            if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("clockSkew must be between 0 and 10 minutes");
            }
            this.clockSkew = skew;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public CallbackTokenValidator build() {
            if (issuer == null) throw new IllegalStateException("set the issuer's realm (issuerRealm)");
            if (keys == null) throw new IllegalStateException("set where the issuer's keys come from (keys)");
            if (audiences.isEmpty()) throw new IllegalStateException("accept at least one kind of token at an endpoint URL");
            return new CallbackTokenValidator(this);
        }
    }
}
