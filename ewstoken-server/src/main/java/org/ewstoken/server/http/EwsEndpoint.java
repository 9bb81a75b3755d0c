package org.ewstoken.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.protocol.EwsFaultException;
import org.ewstoken.protocol.EwsRequest;
import org.ewstoken.protocol.GetClientAccessToken;
import org.ewstoken.protocol.ServerVersionInfo;
import org.ewstoken.protocol.SoapFault;
import org.ewstoken.protocol.SoapRequestReader;
import org.ewstoken.protocol.SoapResponseWriter;
import org.ewstoken.protocol.TokenResponseMessage;
import org.ewstoken.server.auth.BasicAuthenticator;
import org.ewstoken.server.service.ClientAccessTokenService;
import org.ewstoken.store.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /EWS/Exchange.asmx}: authenticate, parse, answer. The order matters and is
 * Exchange's: an unauthenticated caller learns nothing about the request; a request that breaks
 * the schema is a SOAP fault (HTTP 500); per-token problems are error response messages inside an
 * HTTP 200 answer.
 */
final class EwsEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(EwsEndpoint.class);

    private final BasicAuthenticator authenticator;
    private final SoapRequestReader reader;
    private final SoapResponseWriter writer;
    private final ClientAccessTokenService tokens;
    private final ServerVersionInfo versionInfo;
    private final long maxRequestBytes;
    private final String challenge;

    EwsEndpoint(BasicAuthenticator authenticator, SoapRequestReader reader, SoapResponseWriter writer,
                ClientAccessTokenService tokens, ServerVersionInfo versionInfo, long maxRequestBytes, String realm) {
        this.authenticator = authenticator;
        this.reader = reader;
        this.writer = writer;
        this.tokens = tokens;
        this.versionInfo = versionInfo;
        this.maxRequestBytes = maxRequestBytes;
        this.challenge = "Basic realm=\"" + realm.replace("\"", "") + "\"";
    }

    void handle(Request request, Response response, Callback callback) {
        Optional<User> caller = authenticator.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (caller.isEmpty()) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, challenge);
            HttpResponses.text(response, callback, 401, "401 Unauthorized: valid HTTP Basic credentials are required.");
            return;
        }
        long declaredLength = request.getLength();
        if (declaredLength > maxRequestBytes) {
            HttpResponses.text(response, callback, 413, "413 Request body larger than " + maxRequestBytes + " bytes.");
            return;
        }
        if (!acceptableContentType(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
            HttpResponses.text(response, callback, 415,
                    "415 Unsupported Media Type: send the SOAP envelope as text/xml; charset=utf-8.");
            return;
        }
        EwsRequest ews;
        try (InputStream body = new LimitedInputStream(Content.Source.asInputStream(request), maxRequestBytes)) {
            ews = reader.read(body);
        } catch (EwsFaultException e) {
            if (e.getCause() instanceof LimitedInputStream.TooLargeException) {
                HttpResponses.text(response, callback, 413, "413 Request body larger than " + maxRequestBytes + " bytes.");
            } else {
                fault(response, callback, e.fault());
            }
            return;
        } catch (LimitedInputStream.TooLargeException e) {
            HttpResponses.text(response, callback, 413, "413 Request body larger than " + maxRequestBytes + " bytes.");
            return;
        } catch (IOException e) {
            HttpResponses.text(response, callback, 400, "400 The request body could not be read.");
            return;
        }
        try {
            byte[] body;
            if (ews.operation() instanceof GetClientAccessToken op) {
                List<TokenResponseMessage> messages = tokens.issue(caller.get(), op);
                body = writer.getClientAccessTokenResponse(versionInfo, messages);
            } else {
                fault(response, callback, SoapFault.invalidRequest(
                        "The operation " + ews.operation().name() + " is not supported by this server."));
                return;
            }
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "private, no-store");
            HttpResponses.send(response, callback, 200, HttpResponses.XML, body);
        } catch (RuntimeException e) {
            // Never the request or the tokens in the log: only what failed.
            LOG.error("internal error answering {}: {}", ews.operation().name(), e.toString());
            fault(response, callback, SoapFault.internalServerError());
        }
    }

    private void fault(Response response, Callback callback, SoapFault fault) {
        HttpResponses.send(response, callback, 500, HttpResponses.XML, writer.fault(fault));
    }

    private static boolean acceptableContentType(String contentType) {
        if (contentType == null) return true; // some SOAP stacks omit it; the body decides
        String type = contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        if (semicolon >= 0) type = type.substring(0, semicolon);
        type = type.trim();
        return type.equals("text/xml") || type.equals("application/xml") || type.equals("application/soap+xml");
    }
}
