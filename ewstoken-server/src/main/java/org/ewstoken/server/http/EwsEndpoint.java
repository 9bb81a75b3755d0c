package org.ewstoken.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
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
record EwsEndpoint(EwsAdmission admission, SoapRequestReader reader, SoapResponseWriter writer,
                   ClientAccessTokenService tokens, AppEndpoint apps, ServerVersionInfo versionInfo,
                   long maxRequestBytes, Duration requestTimeout) {

    private static final Logger LOG = LoggerFactory.getLogger(EwsEndpoint.class);

    void handle(Request request, Response response, Callback callback) {
        Optional<EwsAdmission.Caller> caller = admission.admit(request, response, callback);
        if (caller.isEmpty()) return; // refused, and already answered
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
        try (InputStream body = caller.get().body(new LimitedInputStream(Content.Source.asInputStream(request),
                maxRequestBytes, requestTimeout))) {
            ews = reader.read(body);
        } catch (SignedBody.NotTheSignedBody e) {
            HttpResponses.text(response, callback, 401, "401 Unauthorized: the body is not the one signed.");
            return;
        } catch (EwsFaultException e) {
            if (e.getCause() instanceof IOException io) {
                unreadable(response, callback, io);
            } else {
                fault(response, callback, e.fault());
            }
            return;
        } catch (IOException e) {
            unreadable(response, callback, e);
            return;
        } catch (UncheckedIOException e) {
            unreadable(response, callback, e.getCause());
            return;
        }
        User user = caller.get().user();
        admission.charge(user, ews);
        try {
            byte[] body;
            if (ews.operation() instanceof GetClientAccessToken op) {
                List<TokenResponseMessage> messages = tokens.issue(user, op);
                body = writer.getClientAccessTokenResponse(versionInfo, messages);
            } else {
                body = apps.answer(user, caller.get().grants().installAddIns(), ews);
            }
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "private, no-store");
            HttpResponses.send(response, callback, 200, HttpResponses.XML, body);
        } catch (RuntimeException e) {
            // Never the request or the tokens in the log: only what failed.
            LOG.error("internal error answering {}: {}", ews.operation().name(), e.toString());
            fault(response, callback, SoapFault.internalServerError());
        }
    }

    /** The body could not be read to its end: too large, too slow, or the client went away. */
    private void unreadable(Response response, Callback callback, IOException e) {
        if (e instanceof LimitedInputStream.TooLargeException) {
            HttpResponses.text(response, callback, 413, "413 Request body larger than " + maxRequestBytes + " bytes.");
        } else if (e instanceof LimitedInputStream.TooSlowException || e.getCause() instanceof TimeoutException) {
            HttpResponses.text(response, callback, 408, "408 The request body did not arrive in time.");
        } else {
            HttpResponses.text(response, callback, 400, "400 The request body could not be read.");
        }
    }

    private void fault(Response response, Callback callback, SoapFault fault) {
        HttpResponses.send(response, callback, 500, HttpResponses.XML, writer.fault(fault));
    }

    private static boolean acceptableContentType(String contentType) {
        if (contentType == null) return true; // some SOAP stacks omit it; the body decides
        if (contentType.equals(HttpResponses.XML)) return true; // what EWS clients send: no lower-casing per request
        String type = contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        if (semicolon >= 0) type = type.substring(0, semicolon);
        type = type.trim();
        return type.equals("text/xml") || type.equals("application/xml") || type.equals("application/soap+xml");
    }
}
