package org.ewstoken.server.http;

import java.net.URI;
import java.util.Objects;

/**
 * Every public path of this server, named once, and the absolute URLs made from the public URL. Routes,
 * tokens, the CLI and the front ask here rather than spelling a path themselves. Paths are written as
 * clients and Exchange write them; the route table compares them case-insensitively.
 *
 * @param base the public URL, without a trailing slash (e.g. {@code https://mail.contoso.com})
 */
public record ServerUrls(URI base) {

    /** The EWS endpoint (POST, SOAP). */
    public static final String EWS = "/EWS/Exchange.asmx";
    /** The authentication metadata document listing the signing certificates. */
    public static final String METADATA = "/autodiscover/metadata/json/1";
    /** The WSDL; its schemas lie beside it ({@link #EWS_DIRECTORY} + file name). */
    public static final String WSDL = "/EWS/Services.wsdl";
    public static final String EWS_DIRECTORY = "/EWS/";
    /** Autodiscover v2: the mailbox address follows. */
    public static final String AUTODISCOVER = "/autodiscover/autodiscover.json/v1.0/";
    /** RFC 7662 token introspection. */
    public static final String INTROSPECT = "/oauth2/introspect";
    /** The REST audience of REST_API_CALLBACK tokens (nothing is served there). */
    public static final String REST = "/api";
    public static final String HEALTHZ = "/healthz";
    public static final String READYZ = "/readyz";
    public static final String METRICS = "/metrics";
    /** The web console, and every path below it. */
    public static final String CONSOLE = "/console";
    /** The admin API, and every path below it. */
    public static final String ADMIN_API = "/api/admin";

    public ServerUrls {
        Objects.requireNonNull(base, "base");
    }

    /** The EWS URL, as tokens name their audience ({@code amurl}'s neighbour) and Autodiscover answers. */
    public URI ews() {
        return URI.create(base + EWS);
    }

    /** The metadata URL, with the port written out: Exchange names it explicitly in {@code amurl}. */
    public URI metadata() {
        return withExplicitPort(base, METADATA);
    }

    /** The REST URL, the audience of REST_API_CALLBACK tokens. */
    public URI rest() {
        return URI.create(base + REST);
    }

    /** The WSDL URL. */
    public URI wsdl() {
        return URI.create(base + WSDL);
    }

    /** Exchange names the port explicitly in amurl (https://host:443/...). */
    public static URI withExplicitPort(URI base, String path) {
        int port = base.getPort() != -1 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
        String host = base.getHost().contains(":") ? "[" + base.getHost() + "]" : base.getHost();
        String basePath = base.getPath() == null ? "" : base.getPath();
        return URI.create(base.getScheme() + "://" + host + ":" + port + basePath + path);
    }
}
