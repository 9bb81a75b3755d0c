package org.ewstoken.server.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ewstoken.server.http.ServerUrls;
import org.ewstoken.validation.IdentityToken;
import org.ewstoken.validation.IdentityTokenValidator;
import org.ewstoken.validation.MetadataClient;
import org.ewstoken.validation.MetadataTrust;
import org.ewstoken.validation.TokenValidationException;
import org.ewstoken.validation.UntrustedMetadataException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Look inside tokens and validate identity tokens as an add-in back end would.")
final class TokenCommand extends CommandGroup {

    /** Built on first use: picocli instantiates this class for every command line, and a mapper costs ~0.3 s. */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    /** The token argument, or standard input for "-" (keeps the token out of the shell history and ps). */
    static String read(Cli cli, String argument) {
        if (!argument.equals("-")) return argument.strip();
        try {
            String line = cli.stdin().readLine();
            if (line == null) throw new Main.CommandFailure("no token on standard input");
            return line.strip();
        } catch (IOException e) {
            throw new Main.CommandFailure("cannot read the token from standard input: " + e.getMessage());
        }
    }

    @Command(name = "decode", mixinStandardHelpOptions = true,
            description = "Print a token's header and claims WITHOUT verifying anything (signature, issuer, "
                    + "audience, lifetime). For looking, never for deciding.")
    static final class Decode extends CliCommand {
        @Parameters(paramLabel = "TOKEN", description = "The token, or - to read it from standard input.")
        String token;

        Decode(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() {
            String[] parts = read(cli, token).split("\\.", -1);
            if (parts.length != 3) throw new Main.CommandFailure("not a JWT: expected three parts separated by '.'");
            JsonNode header = part(parts[0], "header");
            JsonNode payload = part(parts[1], "payload");
            cli.out().println("UNVERIFIED: decoded only; the signature, issuer, audience and lifetime were NOT checked "
                    + "(use 'ewstoken token validate').");
            cli.out().println("header:");
            cli.out().println(pretty(header));
            cli.out().println("payload:");
            cli.out().println(pretty(payload));
            JsonNode appctx = payload.path("appctx");
            if (appctx.isTextual()) {
                try {
                    cli.out().println("appctx (a JSON string in the token), decoded:");
                    cli.out().println(pretty(Mapper.JSON.readTree(appctx.asText())));
                } catch (JsonProcessingException e) {
                    cli.out().println("appctx is a string but not JSON");
                }
            }
            Instant now = Instant.now();
            for (String claim : List.of("nbf", "iat", "exp")) {
                if (payload.path(claim).canConvertToLong()) {
                    Instant at = Instant.ofEpochSecond(payload.get(claim).asLong());
                    cli.out().println(claim + ": " + at + (claim.equals("exp") ? (at.isAfter(now)
                            ? " (in " + Duration.between(now, at).toMinutes() + " min)" : " (expired)") : ""));
                }
            }
            return 0;
        }

        private static JsonNode part(String base64url, String name) {
            try {
                JsonNode node = Mapper.JSON.readTree(new String(Base64.getUrlDecoder().decode(base64url), StandardCharsets.UTF_8));
                if (node == null || !node.isObject()) throw new Main.CommandFailure("not a JWT: the " + name + " is not a JSON object");
                return node;
            } catch (IllegalArgumentException e) {
                throw new Main.CommandFailure("not a JWT: the " + name + " is not base64url");
            } catch (JsonProcessingException e) {
                throw new Main.CommandFailure("not a JWT: the " + name + " is not JSON");
            }
        }

        private static String pretty(JsonNode node) {
            try {
                return Mapper.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Validate an Exchange identity token with the ewstoken-validation library, fetching the "
                    + "metadata document its amurl names (only from a --trust host). Exit code 0 if valid, 1 if not.")
    static final class Validate extends CliCommand {
        @Parameters(paramLabel = "TOKEN", description = "The identity token, or - to read it from standard input.")
        String token;
        @Option(names = "--audience", required = true, paramLabel = "URL",
                description = "The add-in URL the token must be issued for (its manifest's SourceLocation).")
        List<String> audiences = new ArrayList<>();
        @Option(names = "--trust", paramLabel = "HOST[:PORT]",
                description = "A server whose metadata document (" + ServerUrls.METADATA + ") may be fetched; repeatable.")
        List<String> trusted = new ArrayList<>();
        @Option(names = "--allow-http", description = "Also fetch metadata over plain http (development only).")
        boolean allowHttp;

        Validate(Cli cli) {
            super(cli);
        }

        @Override
        public Integer call() {
            IdentityTokenValidator validator = IdentityTokenValidator.builder()
                    .audiences(audiences)
                    .trust(MetadataTrust.hosts(trusted.toArray(String[]::new)))
                    .metadataClient(MetadataClient.builder().allowHttp(allowHttp).build())
                    .build();
            String value = read(cli, token);
            try {
                IdentityToken id = validator.validate(value);
                cli.out().println("valid identity token");
                cli.out().println("  user id:   " + id.uniqueId());
                cli.out().println("  msexchuid: " + id.exchangeUid());
                cli.out().println("  amurl:     " + id.metadataUrl());
                cli.out().println("  audience:  " + id.audience());
                cli.out().println("  issuer:    " + id.issuer());
                cli.out().println("  key (x5t): " + id.keyId());
                cli.out().println("  valid:     " + id.notBefore() + " .. " + id.expiresAt());
                return 0;
            } catch (TokenValidationException e) {
                String amurl = unverifiedAmurl(value);
                if (e instanceof UntrustedMetadataException && !allowHttp && amurl.regionMatches(true, 0, "http:", 0, 5)) {
                    // The library's message names its builder method; here the switch is a flag.
                    cli.err().println("invalid: " + e.reason() + ": the metadata URL " + amurl + " is plain http,"
                            + " which is refused unless --allow-http is given (development only: anyone on the path"
                            + " could substitute the keys)");
                    return 1;
                }
                if (e instanceof UntrustedMetadataException && trusted.isEmpty()) {
                    // The library's message names its builder methods; here the switch is --trust.
                    cli.err().println("invalid: " + e.reason() + ": the token's metadata URL " + amurl + " is on no"
                            + " trusted server, so its keys were not fetched; name the issuing server with --trust "
                            + hostAndPort(amurl));
                    return 1;
                }
                cli.err().println("invalid: " + e.reason() + ": " + e.getMessage());
                return 1;
            }
        }

        /** "host:port" of a URL, for the --trust the user should give; "HOST[:PORT]" when there is none. */
        private static String hostAndPort(String url) {
            try {
                URI u = URI.create(url);
                if (u.getHost() == null) return "HOST[:PORT]";
                return u.getPort() == -1 ? u.getHost() : u.getHost() + ":" + u.getPort();
            } catch (IllegalArgumentException e) {
                return "HOST[:PORT]";
            }
        }

        /** The amurl the token claims, read without checking anything; "" if there is none. */
        private static String unverifiedAmurl(String token) {
            try {
                String[] parts = token.split("\\.", -1);
                JsonNode payload = Mapper.JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]),
                        StandardCharsets.UTF_8));
                JsonNode appctx = payload.path("appctx");
                if (appctx.isTextual()) appctx = Mapper.JSON.readTree(appctx.asText());
                return appctx.path("amurl").asText("");
            } catch (IOException | RuntimeException e) {
                return "";
            }
        }
    }
}
