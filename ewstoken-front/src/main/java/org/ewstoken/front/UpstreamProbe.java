package org.ewstoken.front;

import static javax.xml.stream.XMLStreamConstants.START_ELEMENT;

import com.ctc.wstx.stax.WstxInputFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.xml.stream.XMLStreamException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.ewstoken.protocol.EwsNamespaces;
import org.ewstoken.server.config.FrontSettings;
import org.ewstoken.server.config.ServerConfig;

/**
 * The doctor's questions to the upstream, over a client of their own made like the front's (the same TLS rules:
 * {@link UpstreamTls}, verification always on) and stopped after each question.
 */
public final class UpstreamProbe {

    private final FrontSettings settings;
    private final URI url;
    private final WstxInputFactory xml;

    public UpstreamProbe(ServerConfig config) {
        this.settings = config.front();
        this.url = settings.ewsUrl().orElseThrow();
        this.xml = CallbackRequest.factory(config.limits().parserLimits(config.maxXmlDepth(), config.maxTokenRequests()));
    }

    public URI url() {
        return url;
    }

    /** The service account's {@code Authorization}, when {@code upstream-user} is set. */
    public Optional<String> serviceAuthorization() {
        return CallbackGate.serviceAuthorization(settings);
    }

    /** A GET of the EWS URL with no credentials: every EWS server answers it (401, or the service description). */
    public ContentResponse get() throws Exception {
        HttpClient client = start();
        try {
            return client.newRequest(url).method(HttpMethod.GET)
                    .timeout(settings.connectTimeout().plus(settings.idleTimeout()).toMillis(), TimeUnit.MILLISECONDS)
                    .send();
        } finally {
            client.stop();
        }
    }

    /**
     * Whether the service account's credentials sign in at the upstream (empty: refused), and as which mailbox, named
     * as the front names a signed-in user ({@link MailboxNaming}; "" when the upstream does not say).
     */
    public Optional<String> whoAmI(String authorization) throws Exception {
        HttpClient client = start();
        try {
            UpstreamEws ews = new UpstreamEws(() -> client, url, "", xml, settings.connectTimeout().plus(settings.idleTimeout()));
            MailboxNaming.Named named = new MailboxNaming(ews, xml).name(authorization, settings.user().orElse(""), null);
            if (named instanceof MailboxNaming.Unauthorized) return Optional.empty();
            return Optional.of(named instanceof MailboxNaming.Mailbox m ? m.smtp() : "");
        } catch (UpstreamEws.UpstreamException e) {
            throw new IllegalStateException(e.getMessage());
        } finally {
            client.stop();
        }
    }

    /**
     * A GetFolder of {@code smtp}'s inbox as the service account with {@code ExchangeImpersonation}: "HTTP 401", or
     * the EWS response code (a fault's or the response message's), e.g. {@code NoError}, {@code ErrorImpersonateUserDenied}.
     */
    public String impersonate(String authorization, String smtp) throws Exception {
        String envelope = "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"" + EwsNamespaces.SOAP
                + "\" xmlns:m=\"" + EwsNamespaces.MESSAGES + "\" xmlns:t=\"" + EwsNamespaces.TYPES + "\"><soap:Header>"
                + "<t:RequestServerVersion Version=\"Exchange2013\"/><t:ExchangeImpersonation><t:ConnectingSID>"
                + "<t:PrimarySmtpAddress>" + UpstreamEws.escape(smtp) + "</t:PrimarySmtpAddress></t:ConnectingSID>"
                + "</t:ExchangeImpersonation></soap:Header><soap:Body><m:GetFolder><m:FolderShape><t:BaseShape>IdOnly"
                + "</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id=\"inbox\"/></m:FolderIds>"
                + "</m:GetFolder></soap:Body></soap:Envelope>";
        HttpClient client = start();
        try {
            ContentResponse r = client.newRequest(url).method(HttpMethod.POST)
                    .headers(h -> h.put(HttpHeader.AUTHORIZATION, authorization))
                    .body(new BytesRequestContent("text/xml; charset=utf-8", envelope.getBytes(StandardCharsets.UTF_8)))
                    .timeout(settings.connectTimeout().plus(settings.idleTimeout()).toMillis(), TimeUnit.MILLISECONDS)
                    .send();
            if (r.getStatus() == 401) return "HTTP 401";
            return responseCode(r.getContent()).orElse("HTTP " + r.getStatus());
        } finally {
            client.stop();
        }
    }

    /** The text of the first {@code ResponseCode} element (messages or errors namespace), read with the hardened parser. */
    private Optional<String> responseCode(byte[] answer) {
        try {
            return XmlBytes.read(xml, answer, r -> {
                while (r.hasNext()) {
                    if (r.next() == START_ELEMENT && r.getLocalName().equals("ResponseCode")) {
                        return Optional.of(r.getElementText().strip());
                    }
                }
                return Optional.<String>empty();
            });
        } catch (XMLStreamException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private HttpClient start() throws Exception {
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(UpstreamTls.context(settings.caFile()));
        connector.setConnectTimeout(settings.connectTimeout());
        connector.setIdleTimeout(settings.idleTimeout());
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setFollowRedirects(false);
        client.start();
        return client;
    }
}
