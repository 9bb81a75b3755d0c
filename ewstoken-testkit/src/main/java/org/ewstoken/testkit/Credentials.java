package org.ewstoken.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** HTTP credentials as a client sends them. */
public final class Credentials {

    private Credentials() {
    }

    /** The {@code Authorization} value for HTTP Basic (RFC 7617, UTF-8 as browsers and Outlook send it). */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
