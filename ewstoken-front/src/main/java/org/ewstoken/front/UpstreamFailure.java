package org.ewstoken.front;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.ewstoken.protocol.SoapFault;
import org.ewstoken.protocol.SoapResponseWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How an upstream exchange failed, and the answer to give for it (docs/front.md, "Failures"). */
enum UpstreamFailure {
    /** Nothing listens, the name does not resolve, the connection was refused or reset. */
    CONNECT_FAILED("connect_failed", 503, 5),
    /** No answer (or no byte of it) within the timeouts. */
    TIMEOUT("timeout", 504, 0),
    /** The upstream's certificate is not trusted (upstream-ca-file), or TLS failed otherwise. */
    TLS_FAILED("tls_failed", 502, 0);

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamFailure.class);

    final String label;
    final int status;
    final int retryAfterSeconds;

    UpstreamFailure(String label, int status, int retryAfterSeconds) {
        this.label = label;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    SoapFault fault() {
        return switch (this) {
            case CONNECT_FAILED -> SoapFault.serverBusy(retryAfterSeconds * 1000L);
            case TIMEOUT -> new SoapFault("ErrorTimeoutExpired", "The mail server did not answer in time.",
                    "The mail server did not answer in time.", null, null, null, null);
            case TLS_FAILED -> SoapFault.internalServerError();
        };
    }

    static UpstreamFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) return TIMEOUT;
            if (t instanceof SSLException) return TLS_FAILED;
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return CONNECT_FAILED;
            }
        }
        return CONNECT_FAILED;
    }

    /**
     * Answers the client for an upstream exchange that failed: a SOAP fault with an Exchange code while nothing of
     * the answer was sent, else the answer is cut short (all that can be done once it began).
     */
    static void answer(String method, Throwable failure, SoapResponseWriter writer, FrontMetrics metrics, long nanos,
                       Response response, Callback callback) {
        UpstreamFailure kind = of(failure);
        metrics.upstream(kind.label, nanos);
        if (response.isCommitted()) {
            LOG.debug("upstream failed after the answer began", failure);
            callback.failed(failure);
            return;
        }
        LOG.warn("upstream {} {}: {}", method, kind.label, failure.toString());
        response.reset();
        if (kind.retryAfterSeconds > 0) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(kind.retryAfterSeconds));
        }
        Answers.fault(writer, response, callback, kind.status, kind.fault());
    }
}
