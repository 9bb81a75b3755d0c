package org.ewstoken.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Validates Exchange user identity tokens ({@code getUserIdentityTokenAsync}) for an add-in's back end,
 * by the procedure Microsoft documents (REFERENCE §2, docs/tokens.md):
 *
 * <ol>
 *   <li>three base64url parts; header {@code typ} JWT, {@code alg} exactly RS256, an {@code x5t};</li>
 *   <li>{@code appctx} (a JSON string or object) with {@code version} ExIdTok.V1, {@code msexchuid} and
 *       {@code amurl};</li>
 *   <li>{@code aud} one of the expected add-in URLs; now within {@code nbf}..{@code exp} give or take the skew;</li>
 *   <li>{@code amurl} trusted by the {@link MetadataTrust} policy, then its metadata document fetched
 *       (cached) and the RS256 signature verified with the certificate whose thumbprint is {@code x5t}.</li>
 * </ol>
 *
 * Cheap checks come first, so a token that fails them costs no network. Thread-safe and meant to be
 * shared: build one at start-up and call {@link #validate} from every request.
 */
public final class IdentityTokenValidator {

    /** {@code appctx.version} of every identity token Exchange (and ewstoken) issues. */
    public static final String VERSION = "ExIdTok.V1";
    private static final String RENEW = "the add-in should call getUserIdentityTokenAsync again";

    private final Set<String> audiences;
    private final MetadataTrust trust;
    private final MetadataClient metadata;
    private final KeySource keys; // null: fetch the amurl's metadata document
    private final Duration clockSkew;
    private final Clock clock;

    private IdentityTokenValidator(Builder b) {
        this.audiences = Set.copyOf(b.audiences);
        this.trust = b.trust;
        this.metadata = b.metadata != null ? b.metadata : MetadataClient.defaults();
        this.keys = b.keys;
        this.clockSkew = b.clockSkew;
        this.clock = b.clock;
        Rs256.requireAvailable();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Validates with the configured trust policy. */
    public IdentityToken validate(String token) throws TokenValidationException {
        return validate(token, trust);
    }

    /**
     * Validates with a trust policy for this call only, e.g. {@link MetadataTrust#sameHostAs} the EWS URL that
     * Autodiscover gave for the address the user claims to have.
     */
    public IdentityToken validate(String token, MetadataTrust trust) throws TokenValidationException {
        Objects.requireNonNull(trust, "trust");
        JwsToken jws = JwsToken.parse(token);
        Claims payload = jws.payload();
        Claims appContext = payload.appContext("the token has no appctx claim (a JSON object or a string holding one): "
                + "it is not an Exchange identity token" + (payload.has("ver") ? " but a callback token" : ""));
        String version = appContext.string("version").orElse(null);
        if (!VERSION.equals(version)) {
            throw new WrongVersionException("appctx.version is " + Texts.quote(version) + "; an Exchange identity token "
                    + "has " + VERSION + (payload.has("ver") ? " (this looks like a callback token: validate those "
                    + "with CallbackTokenValidator)" : ""));
        }
        String audience = payload.string("aud").orElseThrow(() -> new MalformedTokenException(
                "the token has no aud claim (the add-in URL it was issued for)"));
        if (!audiences.contains(audience)) {
            throw new AudienceMismatchException("the token was issued for aud " + Texts.quote(audience)
                    + " but this back end expects " + audiences + ": the configured audience must be exactly the "
                    + "add-in manifest's SourceLocation URL (a token for another add-in must not be accepted)");
        }
        Lifetime lifetime = Lifetime.check(payload, clock.instant(), clockSkew, RENEW);
        String issuer = payload.required("iss", "the token has no iss claim");
        String exchangeUid = appContext.required("msexchuid", "appctx has no msexchuid (the user's id)");
        String amurl = appContext.string("amurl").orElseThrow(() -> new MalformedTokenException(
                "appctx has no amurl (the URL of the issuer's metadata document)"));
        URI metadataUrl = metadataUrl(amurl);
        if (!trust.trusts(metadataUrl)) {
            throw new UntrustedMetadataException("the token's amurl " + Texts.quote(amurl) + " is not a trusted metadata "
                    + "location, so its keys were not fetched: trust the user's Exchange server explicitly "
                    + "(MetadataTrust.hosts/urls), or by the user's Autodiscover domain (MetadataTrust.sameHostAs)");
        }
        X509Certificate certificate = keys != null ? keys.certificate(jws.keyId())
                : metadata.certificate(metadataUrl, jws.keyId());
        Rs256.verify(jws, certificate);
        return new IdentityToken(amurl + exchangeUid, exchangeUid, metadataUrl, audience, issuer,
                lifetime.notBefore(), lifetime.expiresAt(), jws.keyId(), payload, appContext);
    }

    private static URI metadataUrl(String amurl) throws MalformedTokenException {
        try {
            URI uri = new URI(amurl);
            if (!uri.isAbsolute() || uri.getHost() == null) throw new URISyntaxException(amurl, "not absolute");
            return uri;
        } catch (URISyntaxException e) {
            throw new MalformedTokenException("appctx.amurl " + Texts.quote(amurl) + " is not an absolute URL");
        }
    }

    /** Settings of an {@link IdentityTokenValidator}. */
    public static final class Builder {
        private final List<String> audiences = new ArrayList<>();
        private MetadataTrust trust = MetadataTrust.none();
        private MetadataClient metadata;
        private KeySource keys;
        private Duration clockSkew = Duration.ofMinutes(5);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The add-in's own URL(s): its manifest's SourceLocation, exactly as the token's {@code aud} carries it. Required. */
        public Builder audience(String... urls) {
            return audiences(Arrays.asList(urls));
        }

        public Builder audiences(Collection<String> urls) {
            for (String u : urls) {
                if (Objects.requireNonNull(u, "audience").isBlank()) throw new IllegalArgumentException("audience is blank");
                audiences.add(u);
            }
            return this;
        }

        /** Which {@code amurl}s may be fetched; default none (every token is refused until this is set). */
        public Builder trust(MetadataTrust trust) {
            this.trust = Objects.requireNonNull(trust, "trust");
            return this;
        }

        /** Where metadata documents come from; default {@link MetadataClient#defaults()}. Share one between validators. */
        public Builder metadataClient(MetadataClient client) {
            this.metadata = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * The certificates of the one trusted issuer, instead of fetching the {@code amurl}'s document: for the issuing
         * server itself, which has its keys at hand. Set {@link #trust} to that issuer's metadata URL alone.
         */
        public Builder keys(KeySource keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** How far this machine's clock may be from the issuer's; default 5 minutes, at most 1 hour. */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = Lifetime.skew(skew, Duration.ofHours(1), "1 hour");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public IdentityTokenValidator build() {
            if (audiences.isEmpty()) {
                throw new IllegalStateException("set the audience: the add-in URL its identity tokens are issued for");
            }
            return new IdentityTokenValidator(this);
        }
    }

    @Override
    public String toString() {
        return "IdentityTokenValidator[audiences=" + audiences + ", clockSkew=" + clockSkew + "]";
    }
}
