package org.ewstoken.store;

/** An insert was refused because a row with the same natural key (or another unique value) exists. */
public final class DuplicateException extends Exception {
    public DuplicateException(String message) {
        super(message);
    }
}
