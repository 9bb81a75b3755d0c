package org.ewstoken.server.identity;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ewstoken.testkit.RequiredService;

/**
 * A real server program (slapd, krb5kdc) that a fixture starts itself: without it, the testkit's
 * one printed line and a skip; with env CI=true, a failure, since CI installs it (.ci/packages).
 */
final class RealService {

    private RealService() {
    }

    static Path require(String program, String debianPackage, String... candidates) {
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) return Path.of(c);
        }
        RequiredService.assume(program, String.join(" or ", candidates) + " is missing (apt-get install "
                + debianPackage + ")");
        throw new IllegalStateException("unreachable");
    }
}
