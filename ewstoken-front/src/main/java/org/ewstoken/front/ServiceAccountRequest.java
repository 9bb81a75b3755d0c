package org.ewstoken.front;

import java.util.Objects;

/**
 * A callback-token request the gate allowed, as it is to be forwarded: with the service account's credential, for
 * the token's mailbox, asking for the operation the gate validated, with the envelope the gate rebuilt. Whatever
 * engine forwards it sends exactly this body and the headers {@link UpstreamHeaders} makes from it; nothing of the
 * client's request but its allow-listed headers.
 *
 * @param authorization the service credential (HTTP Basic), never the client's Bearer token
 * @param mailbox       the token's mailbox (primary SMTP address): the impersonated user and the routing anchor
 * @param operation     the EWS operation the gate validated (GetItem, GetAttachment)
 * @param body          the rebuilt SOAP envelope, UTF-8
 */
record ServiceAccountRequest(String authorization, String mailbox, String operation, byte[] body) {

    /** The request attribute that carries it from the gate to the forwarding engine. */
    static final String ATTRIBUTE = ServiceAccountRequest.class.getName();

    static final String CONTENT_TYPE = "text/xml; charset=utf-8";

    ServiceAccountRequest {
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(mailbox, "mailbox");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(body, "body");
    }

    /** The SOAPAction Exchange's clients send for the operation (the EWS Managed API's form). */
    String soapAction() {
        return "\"" + org.ewstoken.protocol.EwsNamespaces.MESSAGES + "/" + operation + "\"";
    }

    /** The allowed request on {@code request}, or null when it is forwarded as the client. */
    static ServiceAccountRequest of(org.eclipse.jetty.server.Request request) {
        return request.getAttribute(ATTRIBUTE) instanceof ServiceAccountRequest s ? s : null;
    }
}
