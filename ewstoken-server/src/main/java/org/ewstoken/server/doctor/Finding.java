package org.ewstoken.server.doctor;

/** A check's name with its outcome: one line of {@code ewstoken doctor}, one row of the console's checks. */
public record Finding(String check, Outcome outcome) {

    public boolean failed() {
        return outcome.status() == Outcome.Status.FAIL;
    }

    /** {@code ok   name: detail}, or {@code FAIL name: detail; fix: ...}. */
    public String line() {
        String status = switch (outcome.status()) {
            case OK -> "ok  ";
            case FAIL -> "FAIL";
            case SKIPPED -> "skip";
        };
        return status + " " + check + ": " + outcome.detail() + (outcome.fix().isEmpty() ? "" : "; fix: " + outcome.fix());
    }
}
