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
import org.ewstoken.server.identity.SignInResult;
import org.ewstoken.server.service.ClientAccessTokenService;
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
    /** The route's metric name, for the log. */
    static final String ROUTE = "ews";
    /**
     * RSA signatures made on the selector thread: one, a call for one token. Handing that call to the pool (a thread
     * woken, the response written and the selector woken from another thread) was the largest cost of a fresh token
     * beside its signature (docs/benchmarks.md, issue 21's fourth session). A call for more goes to the pool, so
     * that no connection waits behind its selector for more than one signature (about 0.3 ms of a core).
     */
    private static final int SIGNATURES_AT_ONCE = 1;

    /** On a thread that may wait: sign-in, body and answer, as Exchange orders them. */
    void handle(Request request, Response response, Callback callback) {
        Optional<EwsAdmission.Caller> caller = admission.admit(request, response, callback);
        if (caller.isEmpty() || !acceptableHead(request, response, callback)) return;
        serve(request, response, callback, caller.get(), BodyAtHand.NOTHING);
    }

    /**
     * On the connection's selector thread (the route is non-blocking): answers at once a request that needs
     * nothing that waits (a remembered sign-in, a body that came with the head, identity tokens from the
     * reuse cache, at most one signature), in the same order and with the same answers as {@link #handle};
     * hands the rest of any other request to a pool thread at the first step that might wait.
     */
    void handleAtOnce(Request request, Response response, Callback callback) {
        SignInResult outcome = admission.signInAtOnce(request);
        if (outcome instanceof SignInResult.WouldWait) {
            onPool(request, response, callback, () -> handle(request, response, callback));
            return;
        }
        Optional<EwsAdmission.Caller> caller = admission.admit(request, response, callback, outcome);
        if (caller.isEmpty() || !acceptableHead(request, response, callback)) return;
        BodyAtHand body = BodyAtHand.read(request, maxRequestBytes);
        if (body.tooLarge()) {
            tooLarge(response, callback);
        } else if (!body.complete()) {
            onPool(request, response, callback, () -> serve(request, response, callback, caller.get(), body));
        } else {
            Optional<EwsRequest> ews = parse(response, callback, caller.get(), body.stream());
            if (ews.isEmpty()) return;
            admission.charge(caller.get().user(), ews.get());
            if (ews.get().operation() instanceof GetClientAccessToken op
                    && tokens.answersAtOnce(caller.get().user(), op, SIGNATURES_AT_ONCE)) {
                answer(response, callback, caller.get(), ews.get());
            } else {
                onPool(request, response, callback, () -> answer(response, callback, caller.get(), ews.get()));
            }
        }
    }

    /** 413 for a declared length over the limit, 415 for a body that is not XML; true when neither. */
    private boolean acceptableHead(Request request, Response response, Callback callback) {
        if (request.getLength() > maxRequestBytes) {
            tooLarge(response, callback);
            return false;
        }
        if (!acceptableContentType(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
            HttpResponses.text(response, callback, 415,
                    "415 Unsupported Media Type: send the SOAP envelope as text/xml; charset=utf-8.");
            return false;
        }
        return true;
    }

    /** Reads the rest of the body (waiting, bounded in size and time), parses it and answers. */
    private void serve(Request request, Response response, Callback callback, EwsAdmission.Caller caller, BodyAtHand read) {
        Optional<EwsRequest> ews = parse(response, callback, caller,
                new LimitedInputStream(read.then(request), maxRequestBytes, requestTimeout));
        if (ews.isEmpty()) return;
        admission.charge(caller.user(), ews.get());
        answer(response, callback, caller, ews.get());
    }

    /** The request, or empty when the body could not be read or parsed (answered). */
    private Optional<EwsRequest> parse(Response response, Callback callback, EwsAdmission.Caller caller, InputStream sent) {
        try (InputStream body = caller.body(sent)) {
            return Optional.of(reader.read(body));
        } catch (SignedBody.NotTheSignedBody e) {
            HttpResponses.text(response, callback, 401, "401 Unauthorized: the body is not the one signed.");
        } catch (EwsFaultException e) {
            if (e.getCause() instanceof IOException io) {
                unreadable(response, callback, io);
            } else {
                fault(response, callback, e.fault());
            }
        } catch (IOException e) {
            unreadable(response, callback, e);
        } catch (UncheckedIOException e) {
            unreadable(response, callback, e.getCause());
        }
        return Optional.empty();
    }

    private void answer(Response response, Callback callback, EwsAdmission.Caller caller, EwsRequest ews) {
        try {
            byte[] body;
            if (ews.operation() instanceof GetClientAccessToken op) {
                List<TokenResponseMessage> messages = tokens.issue(caller.user(), op);
                body = writer.getClientAccessTokenResponse(versionInfo, messages);
            } else {
                body = apps.answer(caller.user(), caller.grants().installAddIns(), ews);
            }
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "private, no-store");
            HttpResponses.send(response, callback, 200, HttpResponses.XML, body);
        } catch (RuntimeException e) {
            // Never the request or the tokens in the log: only what failed.
            LOG.error("internal error answering {}: {}", ews.operation().name(), e.toString());
            fault(response, callback, SoapFault.internalServerError());
        }
    }

    /** The rest of the work on a pool thread, answered as the route table answers what escapes a handler. */
    private static void onPool(Request request, Response response, Callback callback, Runnable rest) {
        RouteCall.onPool((q, s, c) -> {
            rest.run();
            return true;
        }, request, response, callback);
    }

    private void tooLarge(Response response, Callback callback) {
        HttpResponses.text(response, callback, 413, "413 Request body larger than " + maxRequestBytes + " bytes.");
    }

    /** The body could not be read to its end: too large, too slow, or the client went away. */
    private void unreadable(Response response, Callback callback, IOException e) {
        if (e instanceof LimitedInputStream.TooLargeException) {
            tooLarge(response, callback);
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
