package org.ewstoken.front;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.namespace.QName;
import org.ewstoken.protocol.EwsNamespaces;
import org.ewstoken.protocol.SoapFault;

/**
 * Which SOAP header blocks of a callback-token request are forwarded, and how the others are refused. A callback
 * request is forwarded as the service account, so every header block the client adds would run with that account's
 * rights: the forwarded header holds only {@link #FORWARDED} (what EWS clients send with GetItem and GetAttachment to
 * choose the schema version, the culture of texts, the time zone and the precision of dates; types.xsd, and the
 * GetItem/GetAttachment operations of Exchange's services.wsdl) and ewstoken's own {@code ExchangeImpersonation}.
 * Any other block is refused, with the response code Exchange has for it (Microsoft's EWS ResponseCode reference),
 * and so is an allowed block sent twice; nothing is dropped silently.
 */
final class CallbackSoapHeaders {

    /** The client's header blocks that pass, in the EWS types namespace. */
    static final Set<String> FORWARDED = Set.of("RequestServerVersion", "MailboxCulture", "TimeZoneContext",
            "DateTimePrecision");

    private static final String ACCESS_DENIED = "Access is denied. Check credentials and try again.";

    /** A refusal: its reason for the metrics and audit log, and the fault. */
    record Refusal(String reason, SoapFault fault) {}

    private CallbackSoapHeaders() {
    }

    static boolean forwarded(QName block) {
        return EwsNamespaces.TYPES.equals(block.getNamespaceURI()) && FORWARDED.contains(block.getLocalPart());
    }

    /** The refusal of the first block that is not forwarded, or empty when every block is (or there is none). */
    static Optional<Refusal> refusal(List<QName> blocks) {
        Set<QName> seen = new HashSet<>();
        for (QName b : blocks) {
            if (forwarded(b)) {
                // Twice is two readings: which one would the upstream take?
                if (seen.add(b)) continue;
                return Optional.of(new Refusal("duplicate_soap_header", SoapFault.schemaValidation(
                        "The SOAP header holds " + b.getLocalPart() + " more than once.")));
            }
            return Optional.of(switch (b.getLocalPart()) {
                // Whatever its namespace: a client's own impersonation is never ewstoken's.
                case "ExchangeImpersonation" -> refusal("client_impersonation", "ErrorImpersonateUserDenied",
                        "The account does not have permission to impersonate the requested user.");
                case "SerializedSecurityContext" -> refusal("client_security_context", "ErrorTokenSerializationDenied",
                        "The caller does not have the right to serialize a security token.");
                case "ManagementRole" -> refusal("client_management_role", "ErrorInvalidManagementRoleHeader",
                        "The ManagementRole header is not valid for this caller.");
                case "OpenAsAdminOrSystemService" -> refusal("client_admin_logon", "ErrorAccessDenied", ACCESS_DENIED);
                default -> refusal("client_soap_header", "ErrorAccessDenied", ACCESS_DENIED);
            });
        }
        return Optional.empty();
    }

    private static Refusal refusal(String reason, String code, String text) {
        return new Refusal(reason, new SoapFault(code, text, text, null, null, null, null));
    }
}
