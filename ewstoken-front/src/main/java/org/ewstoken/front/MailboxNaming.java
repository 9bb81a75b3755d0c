package org.ewstoken.front;

import static javax.xml.stream.XMLStreamConstants.CHARACTERS;
import static javax.xml.stream.XMLStreamConstants.END_ELEMENT;
import static javax.xml.stream.XMLStreamConstants.START_ELEMENT;

import com.ctc.wstx.stax.WstxInputFactory;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.ContentResponse;
import org.ewstoken.protocol.EwsNamespaces;

/**
 * Which mailbox a signed-in caller is, asked of the upstream in a way that holds on Exchange and on gromox (whose
 * ConvertId names nobody): ResolveNames of the name the caller gave (typed at Basic sign-in, or the user name of an
 * NTLM AUTHENTICATE message) lists candidate mailboxes with their primary SMTP addresses; the first candidate whose
 * GetUserOofSettings the caller may read is the caller's own. gromox answers that only for the signed-in mailbox
 * (exch/ews/requests.cpp, process(mGetUserOofSettingsRequest): ErrorAccessDenied unless the address is the
 * authenticated user's primary name), so an alias, a login name or a partial match all come to the primary address:
 * one person, one mailbox, one msexchuid.
 */
final class MailboxNaming {

    /** Candidates checked at most: ResolveNames matches substrings on gromox, so it may list many. */
    static final int MAX_CHECKS = 5;

    /** What asking came to. */
    sealed interface Named permits Mailbox, Unauthorized, Unnamed {}

    /** The caller's mailbox, by its primary SMTP address. */
    record Mailbox(String smtp) implements Named {}

    /** The upstream answered 401: the credentials are wrong. */
    record Unauthorized() implements Named {}

    /** The credentials are good, but no candidate is the caller's own mailbox. */
    record Unnamed(String why) implements Named {}

    /** One ResolveNames resolution: the primary address and the contact's other addresses. */
    record Candidate(String smtp, List<String> addresses) {}

    private final UpstreamEws upstream;
    private final WstxInputFactory xml;

    MailboxNaming(UpstreamEws upstream, WstxInputFactory xml) {
        this.upstream = upstream;
        this.xml = xml;
    }

    /**
     * @param authorization the caller's credentials (null on a connection the upstream signed in already)
     * @param name          what the caller gave: an address, a login name, {@code DOMAIN\\user}
     * @param on            the caller's own upstream connection, or null for any
     */
    Named name(String authorization, String name, Connection on) throws UpstreamEws.UpstreamException {
        String entry = name.substring(name.lastIndexOf('\\') + 1);
        ContentResponse resolved = upstream.post(authorization, UpstreamEws.envelope("",
                "<m:ResolveNames ReturnFullContactData=\"true\"><m:UnresolvedEntry>" + UpstreamEws.escape(entry)
                        + "</m:UnresolvedEntry></m:ResolveNames>"), on);
        if (resolved.getStatus() == 401) return new Unauthorized();
        if (resolved.getStatus() != 200) {
            throw new UpstreamEws.UpstreamException("the upstream answered HTTP " + resolved.getStatus()
                    + " to ResolveNames", false);
        }
        List<Candidate> candidates = ordered(entry, candidates(resolved.getContent()));
        for (Candidate c : candidates.subList(0, Math.min(MAX_CHECKS, candidates.size()))) {
            ContentResponse oof = upstream.post(authorization, UpstreamEws.envelope("",
                    "<m:GetUserOofSettingsRequest><t:Mailbox><t:Address>" + UpstreamEws.escape(c.smtp())
                            + "</t:Address></t:Mailbox></m:GetUserOofSettingsRequest>"), on);
            if (oof.getStatus() == 401) return new Unauthorized();
            if (oof.getStatus() == 200 && "Success".equals(attribute(oof.getContent(), "ResponseMessage", "ResponseClass"))) {
                return new Mailbox(c.smtp());
            }
        }
        return new Unnamed(candidates.isEmpty() ? "ResolveNames found no mailbox named '" + entry + "'"
                : "none of the " + candidates.size() + " mailboxes ResolveNames found for '" + entry
                        + "' is the caller's own");
    }

    /** The exact address first, then a contact address, then the same user name, then the rest; no repeats. */
    static List<Candidate> ordered(String entry, List<Candidate> candidates) {
        String wanted = entry.toLowerCase(Locale.ROOT);
        String user = wanted.contains("@") ? wanted.substring(0, wanted.indexOf('@')) : wanted;
        Map<String, Candidate> unique = new LinkedHashMap<>();
        for (Candidate c : candidates) unique.putIfAbsent(c.smtp().toLowerCase(Locale.ROOT), c);
        List<Candidate> out = new ArrayList<>(unique.values());
        out.sort(Comparator.comparingInt(c -> {
            String smtp = c.smtp().toLowerCase(Locale.ROOT);
            if (smtp.equals(wanted)) return 0;
            if (c.addresses().stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).replaceFirst("^smtp:", "").equals(wanted))) {
                return 1;
            }
            return smtp.startsWith(user + "@") ? 2 : 3;
        }));
        return out;
    }

    /** The resolutions of a ResolveNames answer (read with the hardened parser). */
    List<Candidate> candidates(byte[] answer) throws UpstreamEws.UpstreamException {
        List<Candidate> out = new ArrayList<>();
        XMLStreamReader r = null;
        try {
            r = xml.createXMLStreamReader(new ByteArrayInputStream(answer));
            String smtp = null;
            List<String> addresses = new ArrayList<>();
            boolean inMailbox = false;
            StringBuilder text = null;
            while (r.hasNext()) {
                int event = r.next();
                if (event == START_ELEMENT && EwsNamespaces.TYPES.equals(r.getNamespaceURI())) {
                    switch (r.getLocalName()) {
                        case "Resolution" -> {
                            smtp = null;
                            addresses = new ArrayList<>();
                        }
                        case "Mailbox" -> inMailbox = true;
                        case "EmailAddress", "Entry" -> text = new StringBuilder();
                        default -> { }
                    }
                } else if (event == CHARACTERS && text != null) {
                    text.append(r.getText());
                } else if (event == END_ELEMENT && EwsNamespaces.TYPES.equals(r.getNamespaceURI())) {
                    switch (r.getLocalName()) {
                        case "Mailbox" -> inMailbox = false;
                        case "EmailAddress" -> {
                            if (inMailbox && text != null) smtp = text.toString().strip();
                        }
                        case "Entry" -> {
                            if (text != null) addresses.add(text.toString().strip());
                        }
                        case "Resolution" -> {
                            if (smtp != null && smtp.contains("@")) out.add(new Candidate(smtp, List.copyOf(addresses)));
                        }
                        default -> { }
                    }
                    text = null;
                }
            }
            return out;
        } catch (XMLStreamException | RuntimeException e) {
            throw new UpstreamEws.UpstreamException("the upstream's ResolveNames answer is not well-formed XML or breaks a "
                    + "parser limit", false);
        } finally {
            close(r);
        }
    }

    private String attribute(byte[] answer, String element, String attribute) throws UpstreamEws.UpstreamException {
        XMLStreamReader r = null;
        try {
            r = xml.createXMLStreamReader(new ByteArrayInputStream(answer));
            while (r.hasNext()) {
                if (r.next() == START_ELEMENT && EwsNamespaces.MESSAGES.equals(r.getNamespaceURI())
                        && element.equals(r.getLocalName())) {
                    return r.getAttributeValue(null, attribute);
                }
            }
            return null;
        } catch (XMLStreamException | RuntimeException e) {
            throw new UpstreamEws.UpstreamException("the upstream's answer is not well-formed XML or breaks a parser limit",
                    false);
        } finally {
            close(r);
        }
    }

    private static void close(XMLStreamReader r) {
        if (r == null) return;
        try {
            r.close();
        } catch (XMLStreamException ignored) {
            // nothing held
        }
    }
}
