package org.ewstoken.store;

/** Who an add-in is installed for: the whole organization, or one user (its owner). */
public enum InstallScope {
    ORGANIZATION,
    USER
}
