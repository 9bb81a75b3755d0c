package org.ewstoken.server.identity.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ewstoken.server.config.OidcSettings;
import org.ewstoken.server.identity.Identity;
import org.ewstoken.server.identity.SchemeMethod;
import org.ewstoken.server.identity.SignInResult;
import org.ewstoken.store.AccountName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Authorization: Bearer} with an access token from the configured OpenID Connect provider.
 * Checked: the signature with one of the provider's published keys under an allowed asymmetric
 * algorithm (never {@code none}, never HS*: an HMAC "signed" with the public key is the classic
 * forgery), {@code iss} exactly the provider, {@code aud} one of ewstoken's, {@code exp} and
 * {@code nbf} within the allowed skew. A configured claim names the mailbox; its {@code msexchuid} is
 * derived from issuer and {@code sub}, which the provider keeps for the user however the address changes.
 *
 * <p>ewstoken's own callback tokens are Bearer tokens too, on EWS calls: they name ewstoken's issuer
 * ({@code 00000002-...@realm}) and are signed with ewstoken's keys, so they are never taken for the
 * provider's (and the provider's tokens are never taken for them: their validator checks its own
 * issuer and keys).
 */
public final class BearerMethod extends SchemeMethod {

    private static final Logger LOG = LoggerFactory.getLogger(BearerMethod.class);
    static final int MAX_TOKEN_CHARS = 16 * 1024;
    static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final OidcProvider provider;
    private final Set<String> audiences;
    private final String claim;
    private final Set<JWSAlgorithm> algorithms;
    private final Duration skew;
    private final Clock clock;
    private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

    BearerMethod(OidcProvider provider, OidcSettings settings, Clock clock) {
        super("Bearer");
        this.provider = provider;
        this.audiences = Set.copyOf(settings.audiences());
        this.claim = settings.claim();
        this.algorithms = Set.copyOf(settings.algorithms().stream().map(JWSAlgorithm::parse).toList());
        this.skew = settings.clockSkew();
        this.clock = clock;
    }

    public static BearerMethod open(OidcSettings settings, Clock clock) {
        return new BearerMethod(new OidcProvider(settings.issuer().orElseThrow(), settings.jwksCacheTtl(),
                System::nanoTime), settings, clock);
    }

    /** A request of mine waits: the provider's keys may have to be fetched. */
    @Override
    protected SignInResult signIn(String token) {
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) return SignInResult.REFUSED;
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token); // an unsigned ("alg":"none") JWT does not parse as signed
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            return refused("malformed");
        }
        JWSHeader header = jwt.getHeader();
        if (!algorithms.contains(header.getAlgorithm())) return refused("algorithm " + header.getAlgorithm() + " not allowed");
        // The issuer first: ewstoken's own callback tokens (and other providers' tokens) stop here, before any key is fetched.
        if (!provider.issuer().toString().equals(claims.getIssuer())) return refused("another issuer");
        try {
            if (!verified(jwt, provider.keysFor(header.getKeyID())) && !verified(jwt, provider.refetched(header.getKeyID()))) {
                return refused("bad signature");
            }
        } catch (OidcProvider.UnavailableException e) {
            return new SignInResult.Unavailable(RETRY_AFTER, e.getMessage());
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null || now.isAfter(exp.toInstant().plus(skew))) return refused("expired");
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.isBefore(nbf.toInstant().minus(skew))) return refused("not yet valid");
        List<String> aud = claims.getAudience();
        if (aud == null || aud.stream().noneMatch(audiences::contains)) return refused("another audience");
        String sub = claims.getSubject();
        if (sub == null || sub.isEmpty()) return refused("no subject");
        Object value = claims.getClaim(claim);
        if (!(value instanceof String address)) return refused("no " + claim + " claim");
        if ("email".equals(claim) && Boolean.FALSE.equals(claims.getClaim("email_verified"))) {
            return refused("email not verified");
        }
        Optional<AccountName> mailbox = AccountName.parse(address);
        if (mailbox.isEmpty()) return refused(claim + " is not an address");
        String display = claims.getClaim("name") instanceof String n ? n : mailbox.get().value();
        UUID id = UUID.nameUUIDFromBytes((claims.getIssuer() + "\0" + sub).getBytes(StandardCharsets.UTF_8));
        return new SignInResult.SignedIn(new Identity(mailbox.get().value(), display, Optional.of(id), Optional.empty(),
                Identity.Grants.ALL, name()));
    }

    private boolean verified(SignedJWT jwt, List<JWK> keys) {
        for (JWK jwk : keys) {
            try {
                if (!(jwk instanceof AsymmetricJWK asym)) continue; // a symmetric key could be anyone's
                if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().equals(jwt.getHeader().getAlgorithm())) continue;
                Key key = jwk instanceof OctetKeyPair okp ? okp.toPublicKey() : asym.toPublicKey();
                JWSVerifier verifier = verifiers.createJWSVerifier(jwt.getHeader(), key);
                if (jwt.verify(verifier)) return true;
            } catch (JOSEException | RuntimeException e) {
                // a key of another type or curve: not this token's key
            }
        }
        return false;
    }

    private static SignInResult refused(String why) {
        LOG.debug("Bearer token refused: {}", why); // never the token
        return SignInResult.REFUSED;
    }
}
