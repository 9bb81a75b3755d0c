package org.ewstoken.front;

import static javax.xml.stream.XMLStreamConstants.START_ELEMENT;

import com.ctc.wstx.stax.WstxInputFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.xml.stream.XMLStreamException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.ewstoken.protocol.EwsNamespaces;

/**
 * EWS calls the front makes itself, as the service account acting for a mailbox: today one, the attachments of
 * an item, so that whether an attachment belongs to a token's item is the upstream's word, never the client's.
 * Answers are read with the hardened parser and bounded in size.
 */
record UpstreamEws(Supplier<HttpClient> client, URI ewsUrl, String serviceAuthorization, WstxInputFactory xml,
                   Duration timeout) {

    /** An answer to a GetItem of one item's attachment ids is small; anything larger is not one. */
    static final int MAX_ANSWER_BYTES = 1024 * 1024;

    /** The upstream could not answer, or answered something that is not a usable EWS answer. */
    static class UpstreamException extends Exception {
        final boolean unreachable;

        UpstreamException(String message, boolean unreachable) {
            super(message);
            this.unreachable = unreachable;
        }
    }

    /** The mail server refused to let the service account act for the mailbox ({@code code}: its error code). */
    static final class Denied extends UpstreamException {
        final String code;

        Denied(String code) {
            super("the upstream refused impersonation: " + code, false);
            this.code = code;
        }
    }

    /** Never the service account's {@code Authorization}, which a record's own would show. */
    @Override
    public String toString() {
        return "UpstreamEws[" + ewsUrl + "]";
    }

    static String envelope(String header, String body) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<soap:Envelope xmlns:soap=\"" + EwsNamespaces.SOAP + "\" xmlns:m=\"" + EwsNamespaces.MESSAGES
                + "\" xmlns:t=\"" + EwsNamespaces.TYPES + "\"><soap:Header>"
                + "<t:RequestServerVersion Version=\"Exchange2013\"/>" + header + "</soap:Header><soap:Body>"
                + body + "</soap:Body></soap:Envelope>";
    }

    /** What one relayed leg of an NTLM/Negotiate handshake came to. */
    sealed interface Leg permits Challenge, Accepted, Refused {}

    /** The upstream answered 401: send the client these {@code WWW-Authenticate} values. */
    record Challenge(List<String> challenges) implements Leg {}

    /** The connection is signed in; {@code inboxId} is its inbox's id (null when the answer named none). */
    record Accepted(String inboxId, List<String> replies) implements Leg {}

    /** The upstream refused otherwise (an HTTP status other than 200 and 401). */
    record Refused(int status) implements Leg {}

    /**
     * One leg on a client's own upstream connection: a GetFolder of the inbox (the cheapest call every mailbox
     * answers) carrying the client's {@code Authorization} (null once the connection is signed in).
     */
    Leg leg(org.eclipse.jetty.client.Connection connection, String authorization) throws UpstreamException {
        String getFolder = envelope("", "<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape>"
                + "<m:FolderIds><t:DistinguishedFolderId Id=\"inbox\"/></m:FolderIds></m:GetFolder>");
        ContentResponse folder = post(authorization, getFolder, connection);
        List<String> challenges = folder.getHeaders().getValuesList(HttpHeader.WWW_AUTHENTICATE);
        if (folder.getStatus() == 401) return new Challenge(challenges);
        if (folder.getStatus() != 200) return new Refused(folder.getStatus());
        return new Accepted(first(folder.getContent(), EwsNamespaces.TYPES, "FolderId", "Id"), challenges);
    }

    /**
     * The mailbox a ConvertId of {@code folderId} names on a signed-in connection: Exchange names the mailbox the id
     * belongs to; gromox echoes the request's Mailbox attribute (exch/ews/requests.cpp, process(mConvertIdRequest)),
     * so an echo names nobody. "" when nothing was named.
     */
    String convertedMailbox(org.eclipse.jetty.client.Connection connection, String folderId) throws UpstreamException {
        if (folderId == null) return "";
        String convert = envelope("", "<m:ConvertId DestinationFormat=\"EwsId\"><m:SourceIds><t:AlternateId Format=\"EwsId\""
                + " Id=\"" + escape(folderId) + "\" Mailbox=\"unknown@invalid\"/></m:SourceIds></m:ConvertId>");
        ContentResponse converted = post(null, convert, connection);
        String mailbox = converted.getStatus() == 200
                ? first(converted.getContent(), EwsNamespaces.MESSAGES, "AlternateId", "Mailbox") : null;
        return mailbox == null || mailbox.equalsIgnoreCase("unknown@invalid") ? "" : mailbox;
    }

    private ContentResponse post(String authorization, String envelope) throws UpstreamException {
        return post(authorization, envelope, null);
    }

    /** One call with {@code authorization} (none: null), on {@code on} when given (a client's own connection). */
    ContentResponse post(String authorization, String envelope, org.eclipse.jetty.client.Connection on)
            throws UpstreamException {
        try {
            var request = client.get().newRequest(ewsUrl)
                    .method(HttpMethod.POST)
                    .headers(h -> {
                        if (authorization != null) h.put(HttpHeader.AUTHORIZATION, authorization);
                    })
                    .body(new BytesRequestContent("text/xml; charset=utf-8", envelope.getBytes(StandardCharsets.UTF_8)))
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
            var listener = new CompletableResponseListener(request, MAX_ANSWER_BYTES);
            return (on == null ? listener.send() : listener.send(on)).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException("interrupted", true);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            boolean tooLarge = cause instanceof IllegalArgumentException && String.valueOf(cause.getMessage()).contains("Buffering");
            throw new UpstreamException(tooLarge ? "the upstream's answer is larger than " + MAX_ANSWER_BYTES + " bytes"
                    : "the upstream could not be asked: " + cause.getClass().getSimpleName(), !tooLarge);
        }
    }

    /** The attribute of the first such element in an answer, or null. */
    private String first(byte[] answer, String namespace, String element, String attribute) throws UpstreamException {
        return read(answer, r -> {
            while (r.hasNext()) {
                if (r.next() == START_ELEMENT && namespace.equals(r.getNamespaceURI()) && element.equals(r.getLocalName())) {
                    return r.getAttributeValue(null, attribute);
                }
            }
            return null;
        });
    }

    /** Reads an answer: one that is not XML, or breaks a parser limit, is the upstream's fault. */
    private <T> T read(byte[] answer, XmlBytes.Reading<T, UpstreamException> reading) throws UpstreamException {
        try {
            return XmlBytes.read(xml, answer, reading);
        } catch (XMLStreamException | RuntimeException e) {
            throw new UpstreamException("the upstream's answer is not well-formed XML or breaks a parser limit", false);
        }
    }

    /** The ids of the attachments of {@code itemId} in {@code smtp}'s mailbox, as the upstream sees them. */
    List<String> attachmentIds(String smtp, String itemId) throws UpstreamException {
        String envelope = envelope(impersonation(smtp), "<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape>"
                + "<t:AdditionalProperties><t:FieldURI FieldURI=\"item:Attachments\"/></t:AdditionalProperties></m:ItemShape>"
                + "<m:ItemIds><t:ItemId Id=\"" + escape(itemId) + "\"/></m:ItemIds></m:GetItem>");
        ContentResponse response = post(serviceAuthorization, envelope);
        Optional<String> denied = ImpersonationCheck.denial(xml, response.getContent());
        if (denied.isPresent()) throw new Denied(denied.get());
        if (response.getStatus() != 200) {
            throw new UpstreamException("the upstream answered HTTP " + response.getStatus()
                    + " to the service account's GetItem", false);
        }
        return parse(response.getContent());
    }

    /** The answer to an impersonated GetFolder of {@code smtp}'s inbox, as the service account (any status but 401). */
    byte[] impersonatedInbox(String smtp) throws UpstreamException {
        ContentResponse response = post(serviceAuthorization, envelope(impersonation(smtp),
                "<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds>"
                        + "<t:DistinguishedFolderId Id=\"inbox\"/></m:FolderIds></m:GetFolder>"));
        if (response.getStatus() == 401) {
            throw new UpstreamException("the upstream refused the service account's password (HTTP 401)", false);
        }
        return response.getContent();
    }

    private static String impersonation(String smtp) {
        return "<t:ExchangeImpersonation><t:ConnectingSID><t:PrimarySmtpAddress>" + escape(smtp)
                + "</t:PrimarySmtpAddress></t:ConnectingSID></t:ExchangeImpersonation>";
    }

    private List<String> parse(byte[] answer) throws UpstreamException {
        return read(answer, r -> {
            List<String> ids = new ArrayList<>();
            String responseClass = null;
            while (r.hasNext()) {
                if (r.next() != START_ELEMENT) continue;
                String ns = r.getNamespaceURI();
                String name = r.getLocalName();
                if (EwsNamespaces.MESSAGES.equals(ns) && name.equals("GetItemResponseMessage")) {
                    responseClass = r.getAttributeValue(null, "ResponseClass");
                } else if (EwsNamespaces.TYPES.equals(ns) && name.equals("AttachmentId")) {
                    String id = r.getAttributeValue(null, "Id");
                    if (id != null) ids.add(id);
                }
            }
            if (responseClass == null) throw new UpstreamException("the upstream's answer is not a GetItem answer", false);
            if (!responseClass.equals("Success")) return List.of(); // no such item for this mailbox: nothing belongs to it
            return ids;
        });
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
