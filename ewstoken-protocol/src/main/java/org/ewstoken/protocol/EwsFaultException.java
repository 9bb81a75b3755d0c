package org.ewstoken.protocol;

import java.util.Objects;

/**
 * A request that must be answered with a SOAP fault. An expected outcome of parsing untrusted input,
 * not a bug, so it carries no stack trace (which would also make floods of bad requests cheaper).
 */
public final class EwsFaultException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient SoapFault fault;

    public EwsFaultException(SoapFault fault) {
        super(describe(fault), null, false, false);
        this.fault = fault;
    }

    /** The fault string, plus the violation when the fault string does not already say it (for logs). */
    private static String describe(SoapFault fault) {
        Objects.requireNonNull(fault, "fault");
        String violation = fault.violation();
        return violation == null || fault.faultString().contains(violation)
                ? fault.faultString()
                : fault.faultString() + " " + violation;
    }

    public SoapFault fault() {
        return fault;
    }
}
