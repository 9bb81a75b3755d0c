package org.ewstoken.server.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/** Stack traces with secrets masked (exception messages may quote input); {@code %redactedEx} in {@link ServerLogging}'s pattern. */
public final class RedactingThrowableConverter extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return Redaction.redact(super.throwableProxyToString(proxy));
    }
}
