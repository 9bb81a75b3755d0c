package org.ewstoken.protocol;

import static org.ewstoken.protocol.XmlBuffer.ascii;

import java.util.List;
import java.util.Objects;

/**
 * Writes responses and faults byte-for-byte in Exchange's wire style (prefixes, declaration placement,
 * element order), UTF-8 with {@code <?xml version="1.0" encoding="utf-8"?>}. Markup is pre-encoded and only
 * values are escaped, which keeps a response to a few microseconds. Stateless and thread-safe.
 */
public final class SoapResponseWriter {
    private static final String XSI_XSD = " xmlns:xsi=\"" + EwsNamespaces.XSI + "\" xmlns:xsd=\"" + EwsNamespaces.XSD + "\"";

    private static final byte[] PROLOG = ascii("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<s:Envelope xmlns:s=\"" + EwsNamespaces.SOAP + "\">");
    private static final byte[] VERSION_MAJOR = ascii("<s:Header><h:ServerVersionInfo MajorVersion=\"");
    private static final byte[] VERSION_MINOR = ascii("\" MinorVersion=\"");
    private static final byte[] VERSION_MAJOR_BUILD = ascii("\" MajorBuildNumber=\"");
    private static final byte[] VERSION_MINOR_BUILD = ascii("\" MinorBuildNumber=\"");
    private static final byte[] VERSION_NAME = ascii("\" Version=\"");
    private static final byte[] VERSION_END = ascii("\" xmlns:h=\"" + EwsNamespaces.TYPES + "\" xmlns=\""
            + EwsNamespaces.TYPES + "\"" + XSI_XSD + "/></s:Header>");

    private static final byte[] TOKEN_RESPONSE_START = ascii("<s:Body" + XSI_XSD + ">"
            + "<m:GetClientAccessTokenResponse xmlns:m=\"" + EwsNamespaces.MESSAGES + "\" xmlns:t=\""
            + EwsNamespaces.TYPES + "\"><m:ResponseMessages>");
    private static final byte[] TOKEN_RESPONSE_END = ascii("</m:ResponseMessages></m:GetClientAccessTokenResponse>"
            + "</s:Body></s:Envelope>");

    private static final byte[] SUCCESS_START = ascii("<m:GetClientAccessTokenResponseMessage ResponseClass=\"Success\">"
            + "<m:ResponseCode>NoError</m:ResponseCode><m:Token><t:Id>");
    private static final byte[] SUCCESS_TYPE = ascii("</t:Id><t:TokenType>");
    private static final byte[] SUCCESS_VALUE = ascii("</t:TokenType><t:TokenValue>");
    private static final byte[] SUCCESS_TTL = ascii("</t:TokenValue><t:TTL>");
    private static final byte[] SUCCESS_END = ascii("</t:TTL></m:Token></m:GetClientAccessTokenResponseMessage>");

    private static final byte[] ERROR_START = ascii("<m:GetClientAccessTokenResponseMessage ResponseClass=\"Error\">"
            + "<m:MessageText>");
    private static final byte[] ERROR_CODE = ascii("</m:MessageText><m:ResponseCode>");
    private static final byte[] ERROR_END = ascii("</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>"
            + "</m:GetClientAccessTokenResponseMessage>");

    private static final byte[] FAULT_CODE = ascii("<s:Body><s:Fault><faultcode xmlns:a=\"" + EwsNamespaces.TYPES
            + "\">a:");
    private static final byte[] FAULT_STRING = ascii("</faultcode><faultstring xml:lang=\"en-US\">");
    private static final byte[] FAULT_DETAIL = ascii("</faultstring><detail><e:ResponseCode xmlns:e=\""
            + EwsNamespaces.ERRORS + "\">");
    private static final byte[] FAULT_MESSAGE = ascii("</e:ResponseCode><e:Message xmlns:e=\"" + EwsNamespaces.ERRORS
            + "\">");
    private static final byte[] FAULT_MESSAGE_END = ascii("</e:Message>");
    private static final byte[] MESSAGE_XML_START = ascii("<t:MessageXml xmlns:t=\"" + EwsNamespaces.TYPES + "\">");
    private static final byte[] LINE_NUMBER = ascii("<t:LineNumber>");
    private static final byte[] LINE_POSITION = ascii("</t:LineNumber><t:LinePosition>");
    private static final byte[] LINE_POSITION_END = ascii("</t:LinePosition>");
    private static final byte[] VIOLATION = ascii("<t:Violation>");
    private static final byte[] VIOLATION_END = ascii("</t:Violation>");
    private static final byte[] BACK_OFF = ascii("<t:Value Name=\"BackOffMilliseconds\">");
    private static final byte[] BACK_OFF_END = ascii("</t:Value>");
    private static final byte[] MESSAGE_XML_END = ascii("</t:MessageXml>");
    private static final byte[] FAULT_END = ascii("</detail></s:Fault></s:Body></s:Envelope>");

    /** Room for the envelope plus a typical identity token per message, so most responses never regrow. */
    private static final int ENVELOPE_CAPACITY = 1024;
    private static final int MESSAGE_CAPACITY = 1536;

    /**
     * A GetClientAccessTokenResponse with one response message per token request, in the given order.
     *
     * @throws IllegalArgumentException if {@code messages} is empty (the schema requires at least one)
     */
    public byte[] getClientAccessTokenResponse(ServerVersionInfo info, List<TokenResponseMessage> messages) {
        Objects.requireNonNull(info, "info");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a response needs at least one response message");
        }
        XmlBuffer b = new XmlBuffer(ENVELOPE_CAPACITY + MESSAGE_CAPACITY * messages.size());
        b.raw(PROLOG);
        serverVersionInfo(b, info);
        b.raw(TOKEN_RESPONSE_START);
        for (TokenResponseMessage message : messages) {
            if (message instanceof TokenResponseMessage.Success s) {
                b.raw(SUCCESS_START).text(s.id())
                        .raw(SUCCESS_TYPE).text(s.type().wireName())
                        .raw(SUCCESS_VALUE).text(s.tokenValue())
                        .raw(SUCCESS_TTL).number(s.ttlMinutes())
                        .raw(SUCCESS_END);
            } else if (message instanceof TokenResponseMessage.Failure f) {
                b.raw(ERROR_START).text(f.messageText())
                        .raw(ERROR_CODE).text(f.responseCode())
                        .raw(ERROR_END);
            } else {
                throw new NullPointerException("messages must not contain null");
            }
        }
        return b.raw(TOKEN_RESPONSE_END).toByteArray();
    }

    /** A request-level fault, to be sent with HTTP 500. Exchange sends faults without a SOAP header. */
    public byte[] fault(SoapFault fault) {
        Objects.requireNonNull(fault, "fault");
        XmlBuffer b = new XmlBuffer(ENVELOPE_CAPACITY + 2 * lengthOf(fault.violation()));
        b.raw(PROLOG)
                .raw(FAULT_CODE).text(fault.responseCode())
                .raw(FAULT_STRING).text(fault.faultString())
                .raw(FAULT_DETAIL).text(fault.responseCode())
                .raw(FAULT_MESSAGE).text(fault.message()).raw(FAULT_MESSAGE_END);
        boolean hasPosition = fault.lineNumber() != null;
        if (hasPosition || fault.violation() != null || fault.backOffMillis() != null) {
            b.raw(MESSAGE_XML_START);
            if (hasPosition) {
                b.raw(LINE_NUMBER).number(fault.lineNumber())
                        .raw(LINE_POSITION).number(fault.linePosition()).raw(LINE_POSITION_END);
            }
            if (fault.violation() != null) {
                b.raw(VIOLATION).text(fault.violation()).raw(VIOLATION_END);
            }
            if (fault.backOffMillis() != null) {
                b.raw(BACK_OFF).number(fault.backOffMillis()).raw(BACK_OFF_END);
            }
            b.raw(MESSAGE_XML_END);
        }
        return b.raw(FAULT_END).toByteArray();
    }

    private static void serverVersionInfo(XmlBuffer b, ServerVersionInfo info) {
        b.raw(VERSION_MAJOR).number(info.majorVersion())
                .raw(VERSION_MINOR).number(info.minorVersion())
                .raw(VERSION_MAJOR_BUILD).number(info.majorBuildNumber())
                .raw(VERSION_MINOR_BUILD).number(info.minorBuildNumber())
                .raw(VERSION_NAME).attribute(info.version())
                .raw(VERSION_END);
    }

    private static int lengthOf(String s) {
        return s == null ? 0 : s.length();
    }
}
