package org.ewstoken.server.config;

import static org.ewstoken.server.config.RequestLimits.atLeast;
import static org.ewstoken.server.config.RequestLimits.positive;

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

    public static final Duration FIRST_LOCKOUT = Duration.ofSeconds(1);

    public ThrottlePolicy {
        atLeast(Setting.USER_MAX_CONCURRENCY, userMaxConcurrency, 1);
        atLeast(Setting.USER_BURST, userBurst, 1);
        atLeast(Setting.USER_RECHARGE_PER_MINUTE, userRechargePerMinute, 1);
        atLeast(Setting.LOGIN_FAILURES_PER_ACCOUNT, loginFailuresPerAccount, 1);
        atLeast(Setting.LOGIN_FAILURES_PER_ADDRESS, loginFailuresPerAddress, 1);
        positive(Setting.LOGIN_FAILURE_RESET, loginFailureReset);
        if (loginLockoutMax.compareTo(FIRST_LOCKOUT) < 0) {
            throw new ConfigException(Setting.LOGIN_LOCKOUT_MAX.key() + " must be at least 1s");
        }
    }
}
