package org.ewstoken.server.identity.ldap;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.ewstoken.server.identity.Identity;
import org.ewstoken.server.identity.KeyedDigest;
import org.ewstoken.server.identity.PasswordCheck;
import org.ewstoken.server.identity.VerificationCache;
import org.ewstoken.store.AccountName;

/**
 * Directory passwords: the user is found with the service account, refused when disabled or
 * locked, and the password checked by binding as the user.
 *
 * <p>A successful bind is remembered for {@code ldap-cache-ttl} under a keyed digest of name and
 * password (never the password). While the directory answers, the user is still looked up on every
 * sign-in, so a rename, a disabled account or a group change apply at once; only the bind is
 * saved, so a client's burst of requests costs one bind. While the directory is down, a user who
 * signed in within that time keeps working as last seen; anyone else gets a temporary failure
 * ({@link PasswordCheck.Unavailable}), never a counted failure.
 */
public final class LdapPasswordCheck implements PasswordCheck {

    /** Long enough for a directory restart; Outlook retries. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final LdapDirectory directory;
    private final KeyedDigest digest;
    private final VerificationCache<DirectoryUser> cache;

    public LdapPasswordCheck(LdapDirectory directory, KeyedDigest digest, Duration cacheTtl, LongSupplier nanoClock) {
        this.directory = directory;
        this.digest = digest;
        this.cache = new VerificationCache<>(cacheTtl, nanoClock);
    }

    @Override
    public Verdict check(AccountName account, char[] password) {
        String key = VerificationCache.key(account, digest.digestOf(account.value(), password, "ldap"));
        Optional<DirectoryUser> found;
        try {
            found = directory.find(account.value());
        } catch (LdapDirectory.UnavailableException e) {
            DirectoryUser remembered = cache.fresh(key);
            return remembered != null ? new Valid(identity(remembered)) : new Unavailable(RETRY_AFTER, e.getMessage());
        }
        if (found.isEmpty()) return UNKNOWN;
        DirectoryUser u = found.get();
        if (!u.usable()) {
            cache.forget(account);
            return INVALID; // disabled or locked: the same 401 as a wrong password
        }
        DirectoryUser remembered = cache.fresh(key);
        if (remembered != null && remembered.dn().equals(u.dn()) && remembered.immutableId().equals(u.immutableId())) {
            return new Valid(identity(u));
        }
        try {
            DirectoryUser ok = cache.verifyOnce(key, () -> {
                try {
                    return directory.passwordMatches(u.dn(), password) ? u : null;
                } catch (LdapDirectory.UnavailableException e) {
                    throw new VerificationCache.Outage(e);
                }
            });
            return ok == null ? INVALID : new Valid(identity(u));
        } catch (VerificationCache.Outage e) {
            return new Unavailable(RETRY_AFTER, e.getMessage());
        }
    }

    static Identity identity(DirectoryUser u) {
        return new Identity(u.smtpAddress(), u.displayName(), Optional.of(u.immutableId()), Optional.empty(),
                new Identity.Grants(u.mayUseAddIns(), u.mayInstall(), u.admin()), "ldap");
    }

    @Override
    public void forget(AccountName account) {
        cache.forget(account);
    }
}
