package org.ewstoken.server.identity;

import java.time.Duration;
import org.ewstoken.store.AccountName;

/**
 * Is this the account's password? The seam behind {@link BasicMethod}: the local Argon2 store
 * ({@link LocalPasswordCheck}), a directory bind ({@code LdapPasswordCheck}), or an upstream server
 * that checks credentials itself. Implementations never log the password and never keep it; the
 * caller wipes the array afterwards.
 */
public interface PasswordCheck {

    /**
     * Checks {@code password} for {@code account}: what the client typed, in canonical form (an SMTP
     * address, or a user principal name, which has the same shape).
     */
    Verdict check(AccountName account, char[] password);

    /**
     * {@link #check}'s verdict when it is known without waiting (a verification remembered a moment ago),
     * else null. The default never knows.
     */
    default Verdict checkAtOnce(AccountName account, char[] password) {
        return null;
    }

    /** Forgets any remembered verification of {@code account} (the throttle just locked it). */
    default void forget(AccountName account) {
    }

    /**
     * Spends about the time a real check of an unknown account would, so that a caller cannot tell
     * unknown accounts from wrong passwords by timing. Called once when no check knew the account.
     */
    default void decoy(char[] password) {
    }

    /** What a check came to. */
    sealed interface Verdict permits Valid, Invalid, Unknown, Unavailable {}

    record Valid(Identity identity) implements Verdict {}

    /** The account exists here and the password is wrong, or it is disabled or locked. */
    record Invalid() implements Verdict {}

    /** This source has no such account: the next check may. */
    record Unknown() implements Verdict {}

    /** The source could not be asked (directory down): a temporary failure, never a failed guess. */
    record Unavailable(Duration retryAfter, String reason) implements Verdict {}

    Invalid INVALID = new Invalid();
    Unknown UNKNOWN = new Unknown();

    /**
     * Several sources in order: the first that knows the account decides (a local user with a
     * password, else the directory). When none does, the first one's decoy runs.
     */
    static PasswordCheck firstKnowing(java.util.List<PasswordCheck> checks) {
        java.util.List<PasswordCheck> all = java.util.List.copyOf(checks);
        if (all.size() == 1) return all.get(0);
        return new PasswordCheck() {
            @Override
            public Verdict check(AccountName account, char[] password) {
                Unavailable unavailable = null;
                for (PasswordCheck c : all) {
                    Verdict v = c.check(account, password);
                    if (v instanceof Unavailable u) {
                        unavailable = u; // a later source may still know the account
                    } else if (!(v instanceof Unknown)) {
                        return v;
                    }
                }
                return unavailable != null ? unavailable : UNKNOWN;
            }

            @Override
            public void forget(AccountName account) {
                all.forEach(c -> c.forget(account));
            }

            @Override
            public void decoy(char[] password) {
                all.get(0).decoy(password);
            }
        };
    }
}
