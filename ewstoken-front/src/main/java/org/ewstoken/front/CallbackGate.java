package org.ewstoken.front;

import com.ctc.wstx.stax.WstxInputFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.protocol.SoapFault;
import org.ewstoken.protocol.SoapResponseWriter;
import org.ewstoken.server.Feature;
import org.ewstoken.server.http.ServerUrls;
import org.ewstoken.server.config.FrontSettings;
import org.ewstoken.server.http.ValidationEndpoints;
import org.ewstoken.server.service.TokenIntrospection;
import org.ewstoken.validation.CallbackToken;
import org.ewstoken.validation.CallbackTokenAuthorizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callback tokens as {@code Authorization: Bearer} credentials at {@code /EWS/Exchange.asmx}. In order:
 * <ol>
 *   <li>the token: this server's token introspection ({@code ewstoken-validation}'s validator: signature, issuer,
 *       audience and kind, time; then the store: mailbox still there, add-in still installed, enabled and
 *       permitted). Not good: HTTP 401 with {@code WWW-Authenticate: Bearer error="invalid_token"};</li>
 *   <li>the request, read whole (no Content-Encoding) and parsed with the hardened settings; any SOAP header block
 *       but the allow-listed ones ({@link CallbackSoapHeaders}) is refused, a client's own {@code ExchangeImpersonation}
 *       first among them, as a callback token acts only for its own mailbox; so is a SOAPAction naming another
 *       operation ({@link CallbackForwarding});</li>
 *   <li>what Exchange allows ({@link CallbackTokenAuthorizer}): GetItem and GetAttachment only, for the token's item
 *       only; which item an attachment belongs to is asked of the upstream as the service account;</li>
 *   <li>allowed: forwarded rebuilt ({@link ServiceAccountRequest}, {@link UpstreamHeaders}): the service credential,
 *       an {@code ExchangeImpersonation} header naming the token's mailbox, the allowed header blocks and the
 *       operation. The Bearer token itself never leaves ewstoken.</li>
 * </ol>
 * Every decision is counted by reason and written to the audit log (mailbox, add-in, operation, item, verdict).
 */
final class CallbackGate extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackGate.class);

    private final TokenIntrospection tokens;
    private final Optional<String> serviceAuthorization;
    private final UpstreamEws upstream;
    private final UpstreamProxy proxy;
    private final WstxInputFactory xml;
    private final SoapResponseWriter writer;
    private final long maxRequestBytes;
    private final FrontMetrics metrics;
    private final CallbackAudit audit;
    private final ImpersonationCheck impersonation;

    CallbackGate(TokenIntrospection tokens, Optional<String> serviceAuthorization, UpstreamEws upstream,
                 UpstreamProxy proxy, WstxInputFactory xml, SoapResponseWriter writer, long maxRequestBytes,
                 FrontMetrics metrics, CallbackAudit audit, ImpersonationCheck impersonation) {
        this.impersonation = impersonation;
        this.tokens = tokens;
        this.serviceAuthorization = serviceAuthorization;
        this.upstream = upstream;
        this.proxy = proxy;
        this.xml = xml;
        this.writer = writer;
        this.maxRequestBytes = maxRequestBytes;
        this.metrics = metrics;
        this.audit = audit;
    }

    static CallbackGate create(Feature.Context context, FrontSettings settings, UpstreamProxy proxy,
                               FrontMetrics metrics, CallbackAudit audit, WstxInputFactory xml) {
        var config = context.config();
        TokenIntrospection tokens = ValidationEndpoints.introspection(config, context.issuer(), context.keyRing(),
                context.installation().store(), context.clock());
        Optional<String> service = serviceAuthorization(settings);
        if (service.isEmpty()) {
            LOG.warn("the EWS front has no upstream-user: requests with callback tokens will be refused");
        }
        UpstreamEws upstream = new UpstreamEws(proxy::getHttpClient, settings.ewsUrl().orElseThrow(),
                service.orElse(""), xml, settings.idleTimeout());
        return new CallbackGate(tokens, service, upstream, proxy, xml, context.writer(), config.maxRequestBytes(),
                metrics, audit, new ImpersonationCheck(upstream, xml, java.time.Duration.ofMinutes(10), System::nanoTime,
                        settings.user().orElse("")));
    }

    /** The service account's {@code Authorization} value (HTTP Basic), when {@code upstream-user} is set. */
    static Optional<String> serviceAuthorization(FrontSettings settings) {
        return settings.user().map(user -> {
            char[] password = settings.servicePassword().orElseThrow();
            String basic = "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + new String(password)).getBytes(StandardCharsets.UTF_8));
            java.util.Arrays.fill(password, '\0');
            return basic;
        });
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request).toLowerCase(Locale.ROOT);
        if (!path.equalsIgnoreCase(ServerUrls.EWS) || !request.getMethod().equals("POST")) {
            // Callback tokens are for EWS only (Exchange answers a REST call with an EWS token likewise).
            refuse(response, callback, "not_ews", null, null);
            Answers.text(response, callback, 403, "403 A callback token is accepted only by POST " + ServerUrls.EWS + ".");
            return true;
        }
        String bearer = request.getHeaders().get(HttpHeader.AUTHORIZATION).strip().substring("bearer".length()).strip();
        TokenIntrospection.Verdict verdict = tokens.check(bearer);
        if (verdict instanceof TokenIntrospection.Inactive inactive) {
            refuse(response, callback, inactive.reason(), null, null);
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            Answers.text(response, callback, 401, "401 The callback token is not valid (expired, revoked or not this server's).");
            return true;
        }
        TokenIntrospection.Active active = (TokenIntrospection.Active) verdict;
        CallbackToken token = active.token();
        if (!CallbackForwarding.plainBody(request.getHeaders())) {
            // ewstoken decides on the bytes it reads and forwards what it decided on: no coding it would not undo.
            refuse(response, callback, "content_encoding", active, null);
            Answers.text(response, callback, 415, "415 A callback-token request body must not have a Content-Encoding.");
            return true;
        }
        byte[] body = readBody(request, response, callback);
        if (body == null) return true;
        CallbackRequest ews;
        try {
            ews = CallbackRequest.read(xml, body);
        } catch (CallbackRequest.Unreadable e) {
            refuse(response, callback, "unreadable_request", active, null);
            Answers.fault(writer, response, callback, 500, SoapFault.invalidRequest(e.getMessage()));
            return true;
        }
        String item = ews.itemIds().isEmpty() ? token.parentItemId().orElse(null) : ews.itemIds().get(0);
        Optional<CallbackSoapHeaders.Refusal> header = CallbackSoapHeaders.refusal(ews.headerBlocks());
        if (header.isPresent()) {
            refuse(response, callback, header.get().reason(), active, ews);
            Answers.fault(writer, response, callback, 500, header.get().fault());
            return true;
        }
        if (!CallbackForwarding.soapActionNames(request.getHeaders().get("SOAPAction"), ews.operation())) {
            refuse(response, callback, "soap_action_mismatch", active, ews);
            Answers.fault(writer, response, callback, 500, CallbackForwarding.soapActionMismatch());
            return true;
        }
        if (serviceAuthorization.isEmpty()) {
            refuse(response, callback, "no_service_account", active, ews);
            Answers.fault(writer, response, callback, 500, SoapFault.internalServerError());
            return true;
        }
        CallbackTokenAuthorizer.Decision decision = CallbackTokenAuthorizer.authorize(token, ews.operation(),
                ews.itemIds(), List.of());
        if (decision.allowed() && !ews.attachmentIds().isEmpty() && token.parentItemId().isPresent()) {
            List<String> parents;
            try {
                parents = parents(token, ews.attachmentIds());
                impersonation.allowed(token.smtp());
            } catch (UpstreamEws.Denied e) {
                refuse(response, callback, "impersonation_denied", active, ews);
                Answers.fault(writer, response, callback, 500, impersonation.fault(e.code, token.smtp()));
                return true;
            } catch (UpstreamEws.UpstreamException e) {
                upstreamFailed(e, "attachments", response, callback, active, ews);
                return true;
            }
            decision = CallbackTokenAuthorizer.authorize(token, ews.operation(), ews.itemIds(), parents);
        }
        if (decision instanceof CallbackTokenAuthorizer.Decision.Refuse refusal) {
            refuse(response, callback, refusal.reason(), active, ews);
            Answers.fault(writer, response, callback, 500, new SoapFault(refusal.responseCode(), refusal.messageText(),
                    refusal.messageText(), null, null, null, null));
            return true;
        }
        Optional<SoapFault> denied;
        try {
            denied = impersonation.refusal(token.smtp());
        } catch (UpstreamEws.UpstreamException e) {
            upstreamFailed(e, "impersonation", response, callback, active, ews);
            return true;
        }
        if (denied.isPresent()) {
            refuse(response, callback, "impersonation_denied", active, ews);
            Answers.fault(writer, response, callback, 500, denied.get());
            return true;
        }
        byte[] rewritten;
        try {
            rewritten = CallbackRequest.rebuilt(xml, body, token.smtp());
        } catch (CallbackRequest.Unreadable e) {
            refuse(response, callback, "unreadable_request", active, ews);
            Answers.fault(writer, response, callback, 500, SoapFault.invalidRequest(e.getMessage()));
            return true;
        }
        metrics.routed("callback");
        metrics.callbackAllowed();
        audit.record(token, active.addIn().id(), ews.operation(), item, "allowed");
        Request forwarded = CallbackForwarding.bodyAlreadyRead(request);
        forwarded.setAttribute(ServiceAccountRequest.ATTRIBUTE, new ServiceAccountRequest(serviceAuthorization.get(),
                token.smtp(), ews.operation(), rewritten));
        return proxy.handle(forwarded, response, callback);
    }

    /** For each attachment, its item as the upstream says (the token's item if the upstream lists it there). */
    private List<String> parents(CallbackToken token, List<String> attachmentIds) throws UpstreamEws.UpstreamException {
        String item = token.parentItemId().orElseThrow();
        List<String> ofItem = upstream.attachmentIds(token.smtp(), item);
        List<String> parents = new ArrayList<>();
        for (String id : attachmentIds) parents.add(ofItem.contains(id) ? item : "\0not-of-the-item");
        return parents;
    }

    /** The upstream could not be asked about {@code what}: 503 (unreachable, retry) or 502. */
    private void upstreamFailed(UpstreamEws.UpstreamException e, String what, Response response, Callback callback,
                                TokenIntrospection.Active active, CallbackRequest ews) {
        LOG.warn("callback token {}: could not ask the upstream about {}: {}", active.token().tokenId(), what, e.getMessage());
        refuse(response, callback, "upstream_failed", active, ews);
        if (e.unreachable) response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
        Answers.fault(writer, response, callback, e.unreachable ? 503 : 502,
                e.unreachable ? SoapFault.serverBusy(5000) : SoapFault.internalServerError());
    }

    private void refuse(Response response, Callback callback, String reason, TokenIntrospection.Active active,
                        CallbackRequest ews) {
        metrics.routed("refused");
        metrics.callbackRefused(reason);
        if (active != null) {
            CallbackToken t = active.token();
            String item = ews == null || ews.itemIds().isEmpty() ? t.parentItemId().orElse(null) : ews.itemIds().get(0);
            audit.record(t, active.addIn().id(), ews == null ? null : ews.operation(), item, "refused:" + reason);
        } else {
            audit.recordUnknown(reason);
        }
    }

    /** The whole body, at most max-request-bytes; null when already answered. */
    private byte[] readBody(Request request, Response response, Callback callback) {
        long declared = request.getLength();
        if (declared > maxRequestBytes) {
            Answers.text(response, callback, 413, "413 Request body larger than " + maxRequestBytes + " bytes.");
            return null;
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes((int) maxRequestBytes + 1);
            if (body.length > maxRequestBytes) {
                Answers.text(response, callback, 413, "413 Request body larger than " + maxRequestBytes + " bytes.");
                return null;
            }
            return body;
        } catch (IOException e) {
            Answers.text(response, callback, 400, "400 The request body could not be read.");
            return null;
        }
    }
}
