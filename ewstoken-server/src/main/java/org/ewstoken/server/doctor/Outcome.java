package org.ewstoken.server.doctor;

import java.util.Objects;

/**
 * What a check found.
 *
 * @param status whether it passed, failed, or did not apply to this configuration
 * @param detail what was found, in one sentence
 * @param fix    what to change when it failed; empty otherwise
 */
public record Outcome(Status status, String detail, String fix) {

    public enum Status { OK, FAIL, SKIPPED }

    public Outcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        fix = fix == null ? "" : fix;
    }

    public static Outcome ok(String detail) {
        return new Outcome(Status.OK, detail, "");
    }

    public static Outcome fail(String detail, String fix) {
        return new Outcome(Status.FAIL, detail, fix);
    }

    /** The check does not apply (what it checks is not configured). */
    public static Outcome skipped(String detail) {
        return new Outcome(Status.SKIPPED, detail, "");
    }
}
