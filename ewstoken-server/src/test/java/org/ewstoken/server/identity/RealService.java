package org.ewstoken.server.identity;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that drive a real server program (slapd, krb5kdc): without it, one printed line and a
 * skip; with env CI=true, a failure, since CI installs it (.ci/packages).
 */
final class RealService {

    private RealService() {
    }

    static Path require(String program, String... candidates) {
        for (String c : candidates) {
            Path p = Path.of(c);
            if (Files.isExecutable(p)) return p;
        }
        String why = program + " is not installed (looked at " + String.join(", ", candidates) + ")";
        if ("true".equals(System.getenv("CI"))) Assertions.fail(why + "; CI must install it (.ci/packages)");
        System.out.println("SKIPPED: " + why);
        Assumptions.abort(why);
        return null;
    }
}
