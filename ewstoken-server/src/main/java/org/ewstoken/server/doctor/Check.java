package org.ewstoken.server.doctor;

import java.util.Objects;

/**
 * One thing {@code ewstoken doctor} (and the console's overview) checks about a configuration against reality: a
 * short fixed name (e.g. {@code upstream-service-account}) and what it asks. A check asks the outside world at most
 * a few bounded questions and says, when it fails, what to change. The names stand in the lists that make the
 * checks ({@link Doctor#forInstallation}, the modules' {@link CheckSource}), so one list shows every name.
 */
public record Check(String name, Probe probe) {

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(probe, "probe");
    }

    /**
     * What a check asks. An exception counts as a failure whose detail is the exception's message, so a probe need
     * catch only what it can explain better.
     */
    @FunctionalInterface
    public interface Probe {
        Outcome run() throws Exception;
    }

    public Outcome run() throws Exception {
        return probe.run();
    }
}
