package org.ewstoken.server.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console sign-ins, held in memory: a random session id (the cookie) maps to the administrator, a CSRF
 * token and two deadlines, an idle one that moves with every request and an absolute one that does
 * not. In memory on purpose: a restart signs everyone out, and nothing a cookie can be traded for lies
 * in the database. With several nodes, give the console one node (admin-port) or sticky sessions.
 */
final class ConsoleSessions {

    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration ABSOLUTE = Duration.ofHours(8);
    private static final int MAX_SESSIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One signed-in administrator. */
    record Session(String id, String user, boolean directoryAdmin, String csrfToken, Instant createdAt,
                   Instant expiresAt, Instant idleUntil) {
        Session touched(Instant now) {
            return new Session(id, user, directoryAdmin, csrfToken, createdAt, expiresAt, now.plus(IDLE));
        }

        boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                    csrfToken.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Session[user=" + user + ", expiresAt=" + expiresAt + "]";
        }
    }

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    ConsoleSessions(Clock clock) {
        this.clock = clock;
    }

    Session create(String user) {
        return create(user, false);
    }

    /** @param directoryAdmin an administrator by the directory's admins group, as it was at sign-in */
    Session create(String user, boolean directoryAdmin) {
        Instant now = clock.instant();
        if (sessions.size() >= MAX_SESSIONS) purge(now);
        if (sessions.size() >= MAX_SESSIONS) throw new IllegalStateException("too many console sessions");
        Session s = new Session(random(), user, directoryAdmin, random(), now, now.plus(ABSOLUTE), now.plus(IDLE));
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session for a cookie value, its idle deadline moved on; empty if unknown or expired. */
    Optional<Session> find(String id) {
        if (id == null || id.length() > 100) return Optional.empty();
        Session s = sessions.get(id);
        if (s == null) return Optional.empty();
        Instant now = clock.instant();
        if (!now.isBefore(s.expiresAt()) || !now.isBefore(s.idleUntil())) {
            sessions.remove(id, s);
            return Optional.empty();
        }
        Session touched = s.touched(now);
        sessions.replace(id, s, touched);
        return Optional.of(touched);
    }

    void end(String id) {
        if (id != null) sessions.remove(id);
    }

    /** Signs a user out everywhere (their admin role was revoked, or they were removed). */
    void endAllOf(String user) {
        sessions.values().removeIf(s -> s.user().equals(user));
    }

    private void purge(Instant now) {
        sessions.values().removeIf(s -> !now.isBefore(s.expiresAt()) || !now.isBefore(s.idleUntil()));
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
