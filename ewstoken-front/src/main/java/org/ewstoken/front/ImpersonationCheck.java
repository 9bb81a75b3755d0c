package org.ewstoken.front;

import static javax.xml.stream.XMLStreamConstants.CHARACTERS;
import static javax.xml.stream.XMLStreamConstants.END_ELEMENT;
import static javax.xml.stream.XMLStreamConstants.START_ELEMENT;

import com.ctc.wstx.stax.WstxInputFactory;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.ewstoken.protocol.SoapFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the service account may act for a mailbox, asked before a callback-token request is forwarded, so that a
 * missing right reaches the add-in back end as an EWS error that says which right, not as the mail server's own
 * words (gromox: "E-3243: insufficient permissions to impersonate user", exch/ews/context.cpp,
 * EWSContext::impersonate). A cheap impersonated GetFolder of the inbox asks; a yes is remembered per mailbox for a
 * while (a right once granted is rarely taken back; if it is, the mail server's own refusal still reaches the
 * client), a no is not, so granting the right takes effect at once.
 */
final class ImpersonationCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ImpersonationCheck.class);
    /** What the mail servers answer when the service account may not act for the mailbox. */
    private static final Set<String> DENIALS = Set.of("ErrorImpersonateUserDenied", "ErrorImpersonationFailed",
            "ErrorCannotFindUser", "ErrorNonExistentMailbox");
    private static final int MAX_REMEMBERED = 100_000;

    private final UpstreamEws upstream;
    private final WstxInputFactory xml;
    private final long rememberNanos;
    private final LongSupplier nanos;
    private final String serviceAccount;
    private final Map<String, Long> allowedUntil = new ConcurrentHashMap<>();

    ImpersonationCheck(UpstreamEws upstream, WstxInputFactory xml, Duration remember, LongSupplier nanos,
                       String serviceAccount) {
        this.upstream = upstream;
        this.xml = xml;
        this.rememberNanos = remember.toNanos();
        this.nanos = nanos;
        this.serviceAccount = serviceAccount;
    }

    /** The fault to answer when the service account may not act for {@code smtp}; empty when it may. */
    Optional<SoapFault> refusal(String smtp) throws UpstreamEws.UpstreamException {
        String key = smtp.toLowerCase(Locale.ROOT);
        Long until = allowedUntil.get(key);
        if (until != null && until - nanos.getAsLong() > 0) return Optional.empty();
        Optional<String> denied = denial(xml, upstream.impersonatedInbox(smtp));
        if (denied.isEmpty()) {
            allowed(smtp);
            return Optional.empty();
        }
        return Optional.of(fault(denied.get(), smtp));
    }

    /** An impersonated call for {@code smtp} succeeded elsewhere (the attachment check). */
    void allowed(String smtp) {
        if (allowedUntil.size() > MAX_REMEMBERED) allowedUntil.clear();
        allowedUntil.put(smtp.toLowerCase(Locale.ROOT), nanos.getAsLong() + rememberNanos);
    }

    /** The fault for a mail server's denial {@code code}, naming the right the service account lacks. */
    SoapFault fault(String code, String smtp) {
        if (code.equals("ErrorCannotFindUser") || code.equals("ErrorNonExistentMailbox")) {
            LOG.warn("the upstream does not know mailbox {} ({}), which a callback token was issued for", smtp, code);
            String text = "The mail server does not know this mailbox.";
            return new SoapFault("ErrorNonExistentMailbox", text, text, null, null, null, null);
        }
        LOG.warn("the upstream refused to let service account {} act for {} ({}): give it owner rights on that mailbox "
                + "(grommunio) or the ApplicationImpersonation role (Exchange), docs/front.md", serviceAccount, smtp, code);
        String text = "The mail server does not let ewstoken's service account (upstream-user) act for this mailbox: it "
                + "needs owner rights on the mailbox (grommunio: Owner on the mailbox's top folder, the IPM subtree) or "
                + "the ApplicationImpersonation role (Exchange).";
        return new SoapFault("ErrorImpersonateUserDenied", text, text, null, null, null, null);
    }

    /**
     * The mail server's denial code in an answer, if it is one: a SOAP fault (gromox: HTTP 200, faultcode
     * ErrorImpersonateUserDenied, exch/ews/ews.cpp, EWSPlugin::dispatch; Exchange: HTTP 500, a prefixed faultcode
     * and a ResponseCode) or a response message with such a code.
     */
    static Optional<String> denial(WstxInputFactory xml, byte[] answer) {
        XMLStreamReader r = null;
        try {
            r = xml.createXMLStreamReader(new ByteArrayInputStream(answer));
            StringBuilder text = null;
            while (r.hasNext()) {
                int event = r.next();
                if (event == START_ELEMENT) {
                    String name = r.getLocalName();
                    text = name.equals("faultcode") || name.equals("ResponseCode") ? new StringBuilder() : null;
                } else if (event == CHARACTERS && text != null) {
                    text.append(r.getText());
                } else if (event == END_ELEMENT && text != null) {
                    String code = text.toString().strip();
                    code = code.substring(code.indexOf(':') + 1);
                    if (DENIALS.contains(code)) return Optional.of(code);
                    text = null;
                }
            }
            return Optional.empty();
        } catch (XMLStreamException | RuntimeException e) {
            return Optional.empty(); // not a denial; whoever reads the answer next judges it
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing held
                }
            }
        }
    }
}
