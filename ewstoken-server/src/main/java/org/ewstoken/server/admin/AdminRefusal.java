package org.ewstoken.server.admin;

import java.util.Objects;

/**
 * An administrative request that cannot be done; the message says why in words an administrator can
 * act on. The command line prints it, the admin API answers it as a problem detail (RFC 9457)
 * whose status comes from the {@link Kind}.
 */
public final class AdminRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** The input is not acceptable (400). */
        INVALID(400),
        /** No such user, add-in or key (404). */
        NOT_FOUND(404),
        /** The state does not allow it: exists already, mandatory, the last administrator (409). */
        CONFLICT(409);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public AdminRefusal(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    static AdminRefusal invalid(String message) {
        return new AdminRefusal(Kind.INVALID, message);
    }

    static AdminRefusal notFound(String message) {
        return new AdminRefusal(Kind.NOT_FOUND, message);
    }

    static AdminRefusal conflict(String message) {
        return new AdminRefusal(Kind.CONFLICT, message);
    }
}
