package org.ewstoken.front;

import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.ewstoken.protocol.EwsNamespaces;
import org.ewstoken.protocol.SoapFault;

/**
 * The rules of a callback-token request's HTTP head: what the gate decides on must be what the upstream gets. Its
 * {@code SOAPAction}, if any, names the operation the body holds (ewstoken then sends its own); its body has no
 * {@code Content-Encoding} (ewstoken reads the bytes as they are and writes its own body, unlabelled).
 */
final class CallbackForwarding {

    static final String WEB_METHOD_UNAVAILABLE = "The requested web method is unavailable to this caller or application.";

    private CallbackForwarding() {
    }

    /** Whether the client's SOAPAction (absent, empty, or the messages namespace and the operation) names {@code operation}. */
    static boolean soapActionNames(String soapAction, String operation) {
        if (soapAction == null) return true;
        String v = soapAction.strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1).strip();
        if (v.isEmpty()) return true;
        return v.equalsIgnoreCase(EwsNamespaces.MESSAGES + "/" + operation);
    }

    /** A SOAPAction naming another operation asks for a web method the token does not allow. */
    static SoapFault soapActionMismatch() {
        return new SoapFault("ErrorAccessDenied", WEB_METHOD_UNAVAILABLE, WEB_METHOD_UNAVAILABLE, null, null, null, null);
    }

    /** No Content-Encoding, or only {@code identity}. */
    static boolean plainBody(HttpFields headers) {
        for (String v : headers.getValuesList(HttpHeader.CONTENT_ENCODING)) {
            for (String coding : v.split(",")) {
                String c = coding.strip().toLowerCase(Locale.ROOT);
                if (!c.isEmpty() && !c.equals("identity")) return false;
            }
        }
        return true;
    }

    /**
     * The request as the engine is to forward it once the gate has read its body: without {@code Expect}, which was
     * answered already (an engine that saw it would wait for the upstream's {@code 100 Continue} before sending the
     * rebuilt body, and the upstream would never send it, since ewstoken does not forward {@code Expect} for it).
     */
    static Request bodyAlreadyRead(Request request) {
        if (!request.getHeaders().contains(HttpHeader.EXPECT)) return request;
        HttpFields headers = HttpFields.build(request.getHeaders()).remove(HttpHeader.EXPECT).asImmutable();
        return new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return headers;
            }
        };
    }
}
