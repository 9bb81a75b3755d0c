package org.ewstoken.server.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.charset.StandardCharsets;

/** logback's JSON lines with secrets masked (message and stack trace alike). */
public final class RedactingJsonEncoder extends JsonEncoder {
    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] line = super.encode(event);
        return Redaction.redact(new String(line, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }
}
