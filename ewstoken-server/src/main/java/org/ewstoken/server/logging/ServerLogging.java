package org.ewstoken.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The server's logging, set up in code: logback's XML configurator loads some 600 classes, a third
 * of a second of the server's start-up. Logs go to stderr with secrets masked in every line whatever
 * the level ({@link Redaction}).
 * <ul>
 * <li>{@code EWSTOKEN_LOG_LEVEL}: the level (default INFO);</li>
 * <li>{@code EWSTOKEN_LIBRARY_LOG_LEVEL}: Jetty's, Flyway's and HikariCP's (default WARN);
 *     {@code EWSTOKEN_JETTY_LOG_LEVEL} Jetty's alone;</li>
 * <li>{@code EWSTOKEN_LOG_FORMAT=json}: one JSON object per line instead of readable lines.</li>
 * </ul>
 * A logback configuration of one's own still wins: {@code -Dlogback.configurationFile}, or a
 * logback.xml or logback-test.xml on the class path of an application that embeds the server.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class ServerLogging extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{20} - %redactedMsg%n%redactedEx";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null || onClassPath("logback-test.xml")
                || onClassPath("logback.xml")) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configure(context, System.getenv());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static void configure(LoggerContext context, Map<String, String> env) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget("System.err");
        console.setEncoder("json".equalsIgnoreCase(env.get("EWSTOKEN_LOG_FORMAT")) ? json(context) : text(context));
        console.start();

        String libraries = env.getOrDefault("EWSTOKEN_LIBRARY_LOG_LEVEL", "WARN");
        context.getLogger("org.eclipse.jetty").setLevel(level(env.getOrDefault("EWSTOKEN_JETTY_LOG_LEVEL", libraries)));
        context.getLogger("org.flywaydb").setLevel(level(libraries));
        context.getLogger("com.zaxxer.hikari").setLevel(level(libraries));
        // Its clean-up of other processes' extracted native libraries races with them in a shared /tmp and
        // logs a harmless ERROR with a stack trace; a library that cannot load fails the store's opening anyway.
        context.getLogger("org.sqlite.SQLiteJDBCLoader").setLevel(Level.OFF);
        var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level(env.getOrDefault("EWSTOKEN_LOG_LEVEL", "INFO")));
        root.addAppender(console);
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("redactedMsg", RedactingMessageConverter::new);
        layout.getInstanceConverterMap().put("redactedEx", RedactingThrowableConverter::new);
        layout.setPattern(PATTERN);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        RedactingJsonEncoder encoder = new RedactingJsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.start();
        return encoder;
    }

    /** An unknown level name is DEBUG in logback's own parsing; here it is the safer INFO. */
    private static Level level(String name) {
        return Level.toLevel(name.trim(), Level.INFO);
    }

    private static boolean onClassPath(String resource) {
        ClassLoader loader = ServerLogging.class.getClassLoader();
        return loader != null && loader.getResource(resource) != null;
    }
}
