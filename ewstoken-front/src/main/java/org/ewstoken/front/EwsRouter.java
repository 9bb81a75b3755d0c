package org.ewstoken.front;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.protocol.OperationClassifier;
import org.ewstoken.server.http.Route;
import org.ewstoken.server.http.RouteCall;

/**
 * {@code POST /EWS/Exchange.asmx} in front of an upstream: the SOAP body's operation element decides.
 * <ol>
 *   <li>the body is read only as far as the first child of {@code soap:Body} (at most {@link #MAX_PREFIX} bytes);
 *       the operations ewstoken owns go to its own endpoint (whose sign-in methods decide, an OIDC bearer among
 *       them), with the bytes read so far given back first;</li>
 *   <li>any other request with {@code Authorization: Bearer} (a callback token) goes to the {@link CallbackGate},
 *       whatever it asks for: a Bearer token never reaches the upstream;</li>
 *   <li>everything else, including bodies that are not SOAP or not decided within the prefix, goes to the
 *       upstream untouched, streaming.</li>
 * </ol>
 * Nothing here blocks: the body's start is read with demand callbacks ({@link BodyStart}), and a pass-through is
 * forwarded on the selector thread that read it; what ewstoken answers itself (and the gate) runs on the pool.
 */
final class EwsRouter extends Handler.Abstract {

    /** The add-in operations ewstoken answers itself; Exchange 2013's names, in the messages namespace. */
    static final Set<String> LOCAL_OPERATIONS = Set.of("GetClientAccessToken", "GetAppManifests", "InstallApp",
            "UninstallApp", "DisableApp", "GetAppMarketplaceUrl");
    /** A SOAP header is small; past this without an operation element the request is not ours to answer. */
    static final int MAX_PREFIX = 64 * 1024;

    private final OperationClassifier classifier;
    private final Request.Handler local;
    private final Handler gate;
    private final Handler proxy;
    private final FrontMetrics metrics;
    private final NegotiateRelay relay;
    private final long maxRequestBytes;

    EwsRouter(OperationClassifier classifier, Request.Handler local, Handler gate, Handler proxy, FrontMetrics metrics,
              NegotiateRelay relay, long maxRequestBytes) {
        super(InvocationType.NON_BLOCKING);
        this.relay = relay;
        this.maxRequestBytes = maxRequestBytes;
        this.classifier = classifier;
        this.local = local;
        this.gate = gate;
        this.proxy = proxy;
        this.metrics = metrics;
    }

    private static final OperationClassifier.Result NOT_LOCAL = new OperationClassifier.NotSoap("not a local operation");
    private static final byte[][] LOCAL_NAMES = LOCAL_OPERATIONS.stream()
            .map(n -> n.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).toArray(byte[][]::new);

    /**
     * The pass-through fast path: a whole body in an ASCII-compatible encoding (it starts with '<', after an optional
     * UTF-8 byte order mark and white space) that holds none of the local operations' names cannot ask for one, since
     * XML element names are never escaped. Anything else (UTF-16, a body still arriving) is parsed.
     */
    static boolean cannotBeLocal(byte[] body, int length) {
        int i = 0;
        if (length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF) i = 3;
        while (i < length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) i++;
        if (i >= length || body[i] != '<') return false;
        // One pass, comparing only where a name's first letter stands: a search per name took a third of the front's
        // CPU samples under load (docs/benchmarks.md, "The EWS front").
        for (; i < length; i++) {
            byte b = body[i];
            if (b < 0 || !FIRST_LETTERS[b]) continue;
            for (byte[] name : LOCAL_NAMES) {
                if (name[0] == b && startsWith(body, i, length, name)) return false;
            }
        }
        return true;
    }

    private static final boolean[] FIRST_LETTERS = new boolean[128];

    static {
        for (byte[] name : LOCAL_NAMES) FIRST_LETTERS[name[0]] = true;
    }

    private static boolean startsWith(byte[] haystack, int at, int length, byte[] needle) {
        if (at + needle.length > length) return false;
        for (int j = 1; j < needle.length; j++) {
            if (haystack[at + j] != needle[j]) return false;
        }
        return true;
    }

    static boolean isBearer(String authorization) {
        return authorization != null && authorization.stripLeading().toLowerCase(Locale.ROOT).startsWith("bearer");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        boolean bearer = isBearer(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (request.getLength() > maxRequestBytes) {
            // Decided unread, so that "Expect: 100-continue" is answered by whoever takes it: no operation of ewstoken's
            // and no callback request is that large (the gate answers 413 unread); anything else streams upstream.
            if (bearer) {
                RouteCall.call(gate, request, response, callback);
            } else {
                metrics.routed("proxied");
                RouteCall.call(proxy, request, response, callback);
            }
            return true;
        }
        new BodyStart(request, response, callback, (buffer, length, last) -> route(request, response, callback, bearer,
                buffer, length, last)).run();
        return true;
    }

    /** Passes the request on if the body's first {@code length} bytes say where; false when more are needed. */
    private boolean route(Request request, Response response, Callback callback, boolean bearer, byte[] buffer,
                          int length, boolean last) {
        // The whole body is here once Content-Length bytes are, even before its end-of-content chunk is read.
        long declared = request.getLength();
        boolean whole = last || (declared >= 0 && length >= declared);
        OperationClassifier.Result result = whole && cannotBeLocal(buffer, length)
                ? NOT_LOCAL : classifier.classify(buffer, length, last);
        if (result instanceof OperationClassifier.NeedMore && length < MAX_PREFIX && !last) return false;
        Request replayed = new ReplayedRequest(request, ByteBuffer.wrap(buffer, 0, length), last);
        if (result instanceof OperationClassifier.Operation op && op.namespace().equals(
                org.ewstoken.protocol.EwsNamespaces.MESSAGES) && LOCAL_OPERATIONS.contains(op.localName())) {
            metrics.routed("local");
            Request.Handler admitted = (q, s, c) -> {
                java.util.Optional<Request> admission = relay.admit(q, s, c);
                return admission.isEmpty() || local.handle(admission.get(), s, c);
            };
            // The relay asks the upstream only for a connection's NTLM/Negotiate sign-in: then, as for a blocking
            // endpoint, on the pool.
            if (relay.asksUpstream(replayed) || !Route.isNonBlocking(local)) {
                RouteCall.onPool(admitted, replayed, response, callback);
            } else {
                RouteCall.inline(admitted, replayed, response, callback);
            }
        } else if (bearer) {
            RouteCall.call(gate, replayed, response, callback);
        } else {
            metrics.routed("proxied");
            RouteCall.call(proxy, replayed, response, callback);
        }
        return true;
    }
}
