package org.ewstoken.server.http;

import org.ewstoken.server.throttle.LoginThrottle;
import org.ewstoken.server.throttle.UserThrottle;

/** The abuse defences the endpoints share: failed sign-in throttling and per-user budgets. */
public record Defences(LoginThrottle logins, UserThrottle users) {}
