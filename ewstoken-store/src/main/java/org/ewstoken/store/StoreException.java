package org.ewstoken.store;

import java.sql.SQLException;

/**
 * The database failed. The message names the operation and, for SQL failures, the SQLState and
 * vendor code, but never statement parameters: they may be password hashes or key material.
 */
public final class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code "<operation> failed (SQLState x, vendor code n)"}, chaining {@code e}. */
    static StoreException failed(String operation, SQLException e) {
        return new StoreException(operation + " failed (SQLState " + e.getSQLState() + ", vendor code "
                + e.getErrorCode() + ")", e);
    }
}
