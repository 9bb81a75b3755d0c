package org.ewstoken.server.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The checks' HTTP: bounded in time and size, no redirects (a redirect is an answer worth reporting). */
final class Http {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_BYTES = 512 * 1024;

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** An answer, its body cut at {@link #MAX_BYTES}. */
    record Answer(int status, byte[] body, HttpResponse<?> response) {}

    private Http() {
    }

    static Answer get(URI uri) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = CLIENT.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            return new Answer(r.statusCode(), in.readNBytes(MAX_BYTES), r);
        }
    }
}
