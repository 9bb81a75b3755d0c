package org.ewstoken.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures what named loggers write while a test provokes a failure on purpose (a killed
 * connection, a store outage), so that a passing run's console holds no expected warnings and stack
 * traces, and the test can assert that the warning was really given. Anything the loggers write
 * meanwhile is kept from the console; closing restores them.
 *
 * <pre>{@code
 * try (ExpectedLogs logs = ExpectedLogs.capture("com.zaxxer.hikari")) {
 *     ... provoke it ...
 *     assertThat(logs.messages()).anyMatch(m -> m.contains("marked as broken"));
 * }
 * }</pre>
 */
public final class ExpectedLogs implements AutoCloseable {

    private final List<Logger> loggers = new ArrayList<>();
    private final List<Boolean> additive = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private ExpectedLogs(String... names) {
        appender.start();
        for (String name : names) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            loggers.add(logger);
            additive.add(logger.isAdditive());
            levels.add(logger.getLevel());
            logger.addAppender(appender);
            logger.setAdditive(false);
            if (!logger.isEnabledFor(Level.INFO)) logger.setLevel(Level.INFO);
        }
    }

    /** Starts capturing the loggers so named (and their children, e.g. a package). */
    public static ExpectedLogs capture(String... loggerNames) {
        return new ExpectedLogs(loggerNames);
    }

    /** Starts capturing the loggers of these classes' packages. */
    public static ExpectedLogs capture(Class<?>... classes) {
        String[] names = new String[classes.length];
        for (int i = 0; i < classes.length; i++) names[i] = classes[i].getName();
        return new ExpectedLogs(names);
    }

    /** The formatted messages so far, oldest first (with the level, e.g. "WARN marked as broken ..."). */
    public synchronized List<String> messages() {
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(appender.list)) {
            out.add(e.getLevel() + " " + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : " [" + e.getThrowableProxy().getClassName() + ": "
                    + e.getThrowableProxy().getMessage() + "]"));
        }
        return out;
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).detachAppender(appender);
            loggers.get(i).setAdditive(additive.get(i));
            loggers.get(i).setLevel(levels.get(i));
        }
        appender.stop();
    }
}
