package org.ewstoken.server.doctor;

/**
 * One thing {@code ewstoken doctor} (and the console's overview) checks about a configuration against reality.
 * A check asks the outside world at most a few bounded questions and says, when it fails, what to change.
 */
public interface Check {

    /** A short fixed name, e.g. {@code upstream-service-account}. */
    String name();

    /**
     * Runs the check. An exception counts as a failure whose detail is the exception's message, so a check need
     * catch only what it can explain better.
     */
    Outcome run() throws Exception;
}
