package org.ewstoken.server.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ewstoken.server.EwsTokenServer;
import org.ewstoken.server.config.ConsoleSettings;
import org.ewstoken.server.config.CoreSettings;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.config.Setting;
import org.ewstoken.validation.IdentityToken;
import org.ewstoken.validation.IdentityTokenValidator;
import org.ewstoken.validation.MetadataClient;
import org.ewstoken.validation.MetadataTrust;
import org.ewstoken.validation.TokenValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Proves that this build works on this machine end to end, with nothing of an installation
 * touched. The launcher also runs it once per build to record the classes start-up loads.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = "Start a throwaway demo server (temporary data directory, loopback, a free port), request an "
                + "identity token and a callback token from it over HTTP as an EWS client does, and validate the "
                + "identity token against the server's metadata document. Exit code 0 if all of it works. Only "
                + "EWSTOKEN_CRYPTO_PROVIDER is taken from the environment.")
final class SelftestCommand implements Callable<Integer> {

    private static final Pattern RESPONSE_CODE = Pattern.compile("<m:ResponseCode>([^<]*)</m:ResponseCode>");
    private static final Pattern TOKEN_VALUE = Pattern.compile("<t:TokenValue>([^<]*)</t:TokenValue>");

    private final Cli cli;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "Port of the throwaway server on 127.0.0.1 (default: 0, any free port).")
    int port;

    SelftestCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("ewstoken-selftest");
        try {
            Map<Setting, String> settings = new HashMap<>(Map.of(CoreSettings.DATA_DIR, dir.toString(), CoreSettings.PORT, Integer.toString(port),
                    CoreSettings.BIND, "127.0.0.1"));
            String provider = cli.environment().get(CoreSettings.CRYPTO_PROVIDER.environmentVariable());
            if (provider != null) settings.put(CoreSettings.CRYPTO_PROVIDER, provider);
            // The demo server as 'serve --demo' starts it, console included: the launcher records its class-data
            // archive from this run, and every demo start loaded the console's classes from the jar without it.
            settings.put(ConsoleSettings.CONSOLE_ENABLED, "true");
            ServerConfig config = ServerConfig.resolve(settings, Map.of(), Optional.empty());
            try (EwsTokenServer server = EwsTokenServer.start(config, Clock.systemUTC(), ServeCommand::seedDemo)) {
                return check(server);
            }
        } finally {
            deleteTree(dir);
        }
    }

    private int check(EwsTokenServer server) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        URI ews = server.urls().ews();
        String identity = token(http, ews, "CallerIdentity");
        String callback = token(http, ews, "ExtensionCallback");
        if (identity == null || callback == null) return 1;
        String host = server.publicUrl().getHost() + ":" + server.port();
        IdentityTokenValidator validator = IdentityTokenValidator.builder()
                .audiences(List.of(ServeCommand.DEMO_AUDIENCE))
                .trust(MetadataTrust.hosts(host))
                .metadataClient(MetadataClient.builder().allowHttp(true).build())
                .build();
        try {
            IdentityToken valid = validator.validate(identity);
            cli.out().println("selftest passed: GetClientAccessToken issued an identity token (validated with key "
                    + valid.keyId() + " from " + valid.metadataUrl() + ") and a callback token ("
                    + callback.length() + " characters)");
            return 0;
        } catch (TokenValidationException e) {
            cli.err().println("selftest failed: the identity token does not validate: " + e.reason() + ": "
                    + e.getMessage());
            return 1;
        }
    }

    /** The token of one GetClientAccessToken request, or null (said why) if there is none. */
    private String token(HttpClient http, URI ews, String type) throws IOException, InterruptedException {
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\""
                + " xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\">"
                + "<soap:Header><t:RequestServerVersion Version=\"Exchange2013\"/></soap:Header>"
                + "<soap:Body><m:GetClientAccessToken><m:TokenRequests><t:TokenRequest>"
                + "<t:Id>" + ServeCommand.DEMO_ADDIN_ID + "</t:Id><t:TokenType>" + type + "</t:TokenType>"
                + "</t:TokenRequest></m:TokenRequests></m:GetClientAccessToken></soap:Body></soap:Envelope>";
        String credentials = ServeCommand.DEMO_USER + ":" + ServeCommand.DEMO_PASSWORD;
        HttpRequest request = HttpRequest.newBuilder(ews)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        Matcher code = RESPONSE_CODE.matcher(response.body());
        Matcher token = TOKEN_VALUE.matcher(response.body());
        if (response.statusCode() != 200 || !code.find() || !code.group(1).equals("NoError") || !token.find()) {
            cli.err().println("selftest failed: " + type + " request answered HTTP " + response.statusCode()
                    + (code.find(0) ? ", " + code.group(1) : ""));
            return null;
        }
        return token.group(1);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
