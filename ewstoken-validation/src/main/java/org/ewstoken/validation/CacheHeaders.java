package org.ewstoken.validation;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/** How long a response may be cached, by its Cache-Control and Expires headers (RFC 9111), before clamping. */
final class CacheHeaders {

    private CacheHeaders() {
    }

    /** Empty when the response says nothing about its freshness. */
    static Optional<Duration> freshness(HttpHeaders headers, Instant now) {
        Optional<String> cacheControl = headers.firstValue("Cache-Control");
        if (cacheControl.isPresent()) {
            for (String directive : cacheControl.get().toLowerCase(Locale.ROOT).split(",")) {
                String d = directive.trim();
                if (d.equals("no-store") || d.equals("no-cache")) return Optional.of(Duration.ZERO);
                if (d.startsWith("max-age=")) {
                    try {
                        long seconds = Long.parseLong(d.substring(8).replace("\"", "").trim());
                        return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
                    } catch (NumberFormatException ignored) {
                        // RFC 9111 §4.2.1: an invalid max-age is ignored; fall through to Expires
                    }
                }
            }
        }
        Optional<String> expires = headers.firstValue("Expires");
        if (expires.isPresent()) {
            try {
                Instant at = ZonedDateTime.parse(expires.get().trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
            } catch (DateTimeParseException e) {
                return Optional.of(Duration.ZERO); // RFC 9111 §5.3: an invalid Expires means already expired
            }
        }
        return Optional.empty();
    }
}
