package org.ewstoken.server.logging;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in text bound for a log: credentials after an authentication scheme, Authorization
 * header values, JWTs, PEM blocks, long base64 runs (keys, sealed blobs) and values after
 * password-like names. The server never logs these on purpose; this catches what libraries print
 * at DEBUG and TRACE (Jetty dumps headers and buffers there) and what an exception message carries.
 */
public final class Redaction {

    private record Rule(Pattern pattern, String replacement) {}

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("-----BEGIN [A-Z0-9 ]{1,40}-----.*?(?:-----END [A-Z0-9 ]{1,40}-----|\\z)",
                    Pattern.DOTALL), "[pem redacted]"),
            // Values end at a quote or backslash too, so that a JSON log line stays valid JSON.
            new Rule(Pattern.compile("(?i)\\b((?:proxy-)?authorization|x-ewstoken-signature)(\\\\?\"?\\s*[:=]\\s*)[^\\r\\n,;}\\]\"\\\\]*"),
                    "$1$2[redacted]"),
            // Jetty's header parser at DEBUG: the name and the value are apart (a front-end's request signature).
            new Rule(Pattern.compile("(?i)(headerString=\\[x-ewstoken-signature\\],\\s*valueString=\\[)[^\\]]*"),
                    "$1[redacted]"),
            new Rule(Pattern.compile("(?i)\\b(Basic|Bearer|Negotiate|NTLM|Digest)(\\s+)[A-Za-z0-9+/=._~-]{4,}"),
                    "$1$2[redacted]"),
            new Rule(Pattern.compile("eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*"), "[jwt redacted]"),
            new Rule(Pattern.compile("[A-Za-z0-9+/_-]{120,}={0,2}"), "[base64 redacted]"),
            new Rule(Pattern.compile("(?i)\\b(password|passwd|pwd|secret|master-?key|private-?key)(\\\\?\"?\\s*[:=]\\s*)"
                    + "[^\\s,;&}\\]\"\\\\]+"), "$1$2[redacted]"));

    private Redaction() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(out);
            if (m.find()) out = m.replaceAll(rule.replacement());
        }
        return out;
    }
}
