package org.ewstoken.protocol;

import java.util.Objects;

/** {@code m:DisableApp}: turn an add-in off for the caller's mailbox. {@code id} is {@code m:ID} as sent. */
public record DisableApp(String id, DisableReason reason) implements EwsOperation {
    public static final String NAME = "DisableApp";

    public DisableApp {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String name() {
        return NAME;
    }
}
