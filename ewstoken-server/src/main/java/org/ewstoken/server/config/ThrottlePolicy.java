package org.ewstoken.server.config;

import java.util.List;
import static org.ewstoken.server.config.Checks.atLeast;
import static org.ewstoken.server.config.Checks.positive;

import java.time.Duration;

/**
 * Per-user budgets (as Exchange's EWS throttling policy) and the failed sign-in policy.
 *
 * @param userMaxConcurrency      requests one user may have in progress at once
 * @param userBurst               token requests a user may spend at once (the bucket's size)
 * @param userRechargePerMinute   token requests per minute added back to the bucket
 * @param loginFailuresPerAccount failures to one account before it is locked for other addresses
 * @param loginFailuresPerAddress failures from one address before it is locked
 * @param loginLockoutMax         the longest lockout (they start at one second and double)
 * @param loginFailureReset       quiet time after which failures are forgotten
 */
public record ThrottlePolicy(int userMaxConcurrency, int userBurst, int userRechargePerMinute,
                             int loginFailuresPerAccount, int loginFailuresPerAddress, Duration loginLockoutMax,
                             Duration loginFailureReset) {

    public static final Setting USER_MAX_CONCURRENCY = new Setting("user-max-concurrency", "27",
            "Most requests one user may have in progress at once (Exchange's EWSMaxConcurrency).");
    public static final Setting USER_BURST = new Setting("user-burst", "300",
            "Token requests one user may make in a burst; beyond it, ErrorServerBusy with a back-off hint.");
    public static final Setting USER_RECHARGE_PER_MINUTE = new Setting("user-recharge-per-minute", "300",
            "Token requests per minute added back to each user's budget.");
    public static final Setting LOGIN_FAILURES_PER_ACCOUNT = new Setting("login-failures-per-account", "5",
            "Failed sign-ins to one account before it is locked for a growing time (not for addresses "
                    + "it signed in from before).");
    public static final Setting LOGIN_FAILURES_PER_ADDRESS = new Setting("login-failures-per-address", "20",
            "Failed sign-ins from one client address before it is locked for a growing time.");
    public static final Setting LOGIN_LOCKOUT_MAX = new Setting("login-lockout-max", "5m",
            "Longest lockout; lockouts start at 1s and double with every further failure.");
    public static final Setting LOGIN_FAILURE_RESET = new Setting("login-failure-reset", "15m",
            "Failures are forgotten after this long without a new one.");

    /** Every setting of this record, in the order {@code serve --help} and the console list them. */
    static final List<Setting> SETTINGS = List.of(USER_MAX_CONCURRENCY, USER_BURST, USER_RECHARGE_PER_MINUTE,
            LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_ADDRESS, LOGIN_LOCKOUT_MAX, LOGIN_FAILURE_RESET);

    /** Reads this record from the configuration. */
    static ThrottlePolicy from(SettingValues v) {
        return new ThrottlePolicy(v.integer(USER_MAX_CONCURRENCY), v.integer(USER_BURST),
                v.integer(USER_RECHARGE_PER_MINUTE), v.integer(LOGIN_FAILURES_PER_ACCOUNT),
                v.integer(LOGIN_FAILURES_PER_ADDRESS), v.duration(LOGIN_LOCKOUT_MAX), v.duration(LOGIN_FAILURE_RESET));
    }

    public static final Duration FIRST_LOCKOUT = Duration.ofSeconds(1);

    public ThrottlePolicy {
        atLeast(USER_MAX_CONCURRENCY, userMaxConcurrency, 1);
        atLeast(USER_BURST, userBurst, 1);
        atLeast(USER_RECHARGE_PER_MINUTE, userRechargePerMinute, 1);
        atLeast(LOGIN_FAILURES_PER_ACCOUNT, loginFailuresPerAccount, 1);
        atLeast(LOGIN_FAILURES_PER_ADDRESS, loginFailuresPerAddress, 1);
        positive(LOGIN_FAILURE_RESET, loginFailureReset);
        if (loginLockoutMax.compareTo(FIRST_LOCKOUT) < 0) {
            throw new ConfigException(LOGIN_LOCKOUT_MAX.key() + " must be at least 1s");
        }
    }
}
