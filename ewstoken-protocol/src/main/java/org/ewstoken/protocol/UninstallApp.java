package org.ewstoken.protocol;

import java.util.Objects;

/** {@code m:UninstallApp}: remove an add-in from the caller's mailbox. {@code id} is {@code m:ID} as sent. */
public record UninstallApp(String id) implements EwsOperation {
    public static final String NAME = "UninstallApp";

    public UninstallApp {
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String name() {
        return NAME;
    }
}
