package org.ewstoken.server.identity.ldap;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.ewstoken.server.identity.Identity;
import org.ewstoken.server.identity.KeyedDigest;
import org.ewstoken.server.identity.PasswordCheck;

/**
 * Directory passwords: the user is found with the service account, refused when disabled or
 * locked, and the password checked by binding as the user.
 *
 * <p>A successful sign-in is remembered for {@code ldap-cache-ttl} under a keyed digest of name and
 * password (never the password): within it no bind is made, so a client's burst of requests costs
 * one bind, and a user who signed in recently keeps working while the directory is down. Anyone
 * else then gets a temporary failure ({@link PasswordCheck.Unavailable}), never a counted failure.
 */
public final class LdapPasswordCheck implements PasswordCheck {

    /** Long enough for a directory restart; Outlook retries. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final LdapDirectory directory;
    private final KeyedDigest digest;
    private final org.ewstoken.server.identity.VerificationCache<Identity> cache;

    public LdapPasswordCheck(LdapDirectory directory, KeyedDigest digest, Duration cacheTtl, LongSupplier nanoClock) {
        this.directory = directory;
        this.digest = digest;
        this.cache = new org.ewstoken.server.identity.VerificationCache<>(cacheTtl, nanoClock);
    }

    @Override
    public Verdict check(String account, char[] password) {
        String key = org.ewstoken.server.identity.VerificationCache.key(account, digest.digestOf(account, password, "ldap"));
        Identity remembered = cache.fresh(key);
        if (remembered != null) return new Valid(remembered);
        try {
            Optional<DirectoryUser> found = directory.find(account);
            if (found.isEmpty()) return UNKNOWN;
            DirectoryUser u = found.get();
            if (!u.usable()) return INVALID; // disabled or locked: the same 401 as a wrong password
            Identity identity = cache.verifyOnce(key, () -> {
                try {
                    return directory.passwordMatches(u.dn(), password) ? identity(u) : null;
                } catch (LdapDirectory.UnavailableException e) {
                    throw new Down(e);
                }
            });
            return identity == null ? INVALID : new Valid(identity);
        } catch (LdapDirectory.UnavailableException e) {
            return new Unavailable(RETRY_AFTER, e.getMessage());
        } catch (Down e) {
            return new Unavailable(RETRY_AFTER, e.getCause().getMessage());
        }
    }

    static Identity identity(DirectoryUser u) {
        return new Identity(u.smtpAddress(), u.displayName(), Optional.of(u.immutableId()), Optional.empty(),
                new Identity.Grants(u.mayUseAddIns(), u.mayInstall()), "ldap");
    }

    @Override
    public void forget(String account) {
        cache.forget(account);
    }

    /** Carries the outage through the cache's single-flight supplier. */
    private static final class Down extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Down(LdapDirectory.UnavailableException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
