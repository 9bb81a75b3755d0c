package org.ewstoken.server.doctor;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Network failures in an operator's words: what happened, never a class name or a stack trace. */
public final class Problems {

    private Problems() {
    }

    public static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "the host name cannot be resolved" + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")");
            }
            if (t instanceof HttpConnectTimeoutException) return "no connection within the timeout";
            if (t instanceof ConnectException) return "the connection was refused";
            if (t instanceof HttpTimeoutException || t instanceof TimeoutException) return "no answer within the timeout";
            if (t instanceof SSLException) {
                return "the TLS handshake failed (a certificate that is not trusted, not valid, or not for this host name)";
            }
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "it failed without saying why" : m;
    }

    /** Whether the failure is TLS's. */
    public static boolean isTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) return true;
        }
        return false;
    }
}
