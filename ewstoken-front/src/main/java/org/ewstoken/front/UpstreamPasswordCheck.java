package org.ewstoken.front;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.ewstoken.server.identity.Identity;
import org.ewstoken.server.identity.KeyedDigest;
import org.ewstoken.server.identity.PasswordCheck;
import org.ewstoken.server.identity.VerificationCache;
import org.ewstoken.store.AccountName;

/**
 * HTTP Basic credentials checked by the upstream EWS server itself, for ewstoken's own operations, so that
 * a front needs no users provisioned: the credentials are presented to the upstream, which names the mailbox
 * ({@link MailboxNaming}: ResolveNames of the typed name, then the candidate the caller owns), so that an alias, a
 * UPN or a login name all sign in as the one primary SMTP address. The mailbox is created in the store at its first
 * sign-in (with a msexchuid derived from that address, stable from then on).
 *
 * <p>A verdict is remembered for a short time under a keyed digest of name and password, never the
 * password, like the local and directory checks. HTTP 401 from the upstream is a wrong password (counted by the
 * sign-in throttle, so lockouts apply); an upstream that cannot be asked is {@link Unavailable}, never a
 * failed guess, so an upstream outage locks nobody out.
 */
final class UpstreamPasswordCheck implements PasswordCheck {

    static final Duration RETRY_AFTER = Duration.ofSeconds(15);

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UpstreamPasswordCheck.class);

    private final MailboxNaming upstream;
    private final KeyedDigest digest = new KeyedDigest();
    private final VerificationCache<String> cache;
    private final AliasMailboxes aliases;

    UpstreamPasswordCheck(MailboxNaming upstream, Duration cacheFor, LongSupplier nanoClock, AliasMailboxes aliases) {
        this.upstream = upstream;
        this.aliases = aliases;
        this.cache = new VerificationCache<>(cacheFor, nanoClock);
    }

    @Override
    public Verdict check(AccountName account, char[] password) {
        String key = VerificationCache.key(account, digest.digestOf(account.value(), password, "upstream"));
        String smtp = cache.fresh(key);
        if (smtp != null) return valid(smtp);
        String basic = basic(account.value(), password);
        try {
            smtp = cache.verifyOnce(key, () -> {
                try {
                    MailboxNaming.Named named = upstream.name(basic, account.value(), null);
                    if (named instanceof MailboxNaming.Mailbox m) {
                        aliases.signedIn(account.value(), m.smtp());
                        return m.smtp();
                    }
                    if (named instanceof MailboxNaming.Unnamed u) {
                        // Signed in, but the mail server named no mailbox: the typed name is all there is.
                        LOG.info("the upstream accepted {} but named no mailbox ({}): signed in under the typed name",
                                account.value(), u.why());
                        return account.value();
                    }
                    return null;
                } catch (UpstreamEws.UpstreamException e) {
                    throw new VerificationCache.Outage(e);
                }
            });
        } catch (VerificationCache.Outage e) {
            return new Unavailable(RETRY_AFTER, "the upstream EWS server could not check the credentials: "
                    + e.getMessage());
        }
        return smtp == null ? INVALID : valid(smtp);
    }

    private static Verdict valid(String smtp) {
        return new Valid(new Identity(smtp, smtp, Optional.empty(), Optional.empty(), Identity.Grants.ALL, "upstream"));
    }

    /** The header value; the intermediate bytes are wiped (the String is the price of an HTTP header). */
    private static String basic(String user, char[] password) {
        ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] u = (user + ":").getBytes(StandardCharsets.UTF_8);
        byte[] both = new byte[u.length + pw.remaining()];
        System.arraycopy(u, 0, both, 0, u.length);
        pw.get(both, u.length, pw.remaining());
        Arrays.fill(pw.array(), (byte) 0);
        String header = "Basic " + Base64.getEncoder().encodeToString(both);
        Arrays.fill(both, (byte) 0);
        return header;
    }

    @Override
    public void forget(AccountName account) {
        cache.forget(account);
    }
}
