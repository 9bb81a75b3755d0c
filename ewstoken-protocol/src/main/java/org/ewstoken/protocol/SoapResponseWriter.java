package org.ewstoken.protocol;

import static org.ewstoken.protocol.XmlBuffer.ascii;

import java.util.Base64;
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
    private static final byte[] MUST_UNDERSTAND_CODE = ascii("<s:Body><s:Fault><faultcode>s:MustUnderstand</faultcode>"
            + "<faultstring xml:lang=\"en-US\">");
    private static final byte[] MUST_UNDERSTAND_END = ascii("</faultstring></s:Fault></s:Body></s:Envelope>");

    private static final byte[] APP_BODY_START = ascii("<s:Body" + XSI_XSD + "><");
    private static final byte[] APP_SUCCESS = ascii("Response ResponseClass=\"Success\" xmlns=\""
            + EwsNamespaces.MESSAGES + "\" xmlns:t=\"" + EwsNamespaces.TYPES + "\"><ResponseCode>NoError</ResponseCode>");
    private static final byte[] APP_ERROR = ascii("Response ResponseClass=\"Error\" xmlns=\""
            + EwsNamespaces.MESSAGES + "\" xmlns:t=\"" + EwsNamespaces.TYPES + "\">");
    private static final byte[] APP_MESSAGE_TEXT = ascii("<MessageText>");
    private static final byte[] APP_CODE = ascii("</MessageText><ResponseCode>");
    private static final byte[] APP_CODE_END_LINK_KEY = ascii("</ResponseCode><DescriptiveLinkKey>0</DescriptiveLinkKey>");
    private static final byte[] APP_RESPONSE_CLOSE = ascii("</");
    private static final byte[] APP_BODY_END = ascii("Response></s:Body></s:Envelope>");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] MANIFESTS_START = ascii("<Manifests>");
    private static final byte[] MANIFESTS_END = ascii("</Manifests>");
    private static final byte[] MANIFESTS_EMPTY = ascii("<Manifests/>");
    private static final byte[] MANIFEST_START = ascii("<Manifest>");
    private static final byte[] MANIFEST_END = ascii("</Manifest>");
    private static final byte[] APPS_START = ascii("<Apps>");
    private static final byte[] APPS_END = ascii("</Apps>");
    private static final byte[] APP_ENABLED = ascii("<t:App><t:Metadata><t:EnabledStatus>");
    private static final byte[] APP_MANDATORY = ascii("</t:EnabledStatus><t:IsMandatory>");
    private static final byte[] APP_MANIFEST = ascii("</t:IsMandatory></t:Metadata><t:Manifest>");
    private static final byte[] APP_END = ascii("</t:Manifest></t:App>");
    private static final byte[] WAS_FIRST_INSTALL = ascii("<WasFirstInstall>");
    private static final byte[] WAS_FIRST_INSTALL_END = ascii("</WasFirstInstall>");
    private static final byte[] EXTENSION_START = ascii("<Extension>");
    private static final byte[] EXTENSION_END = ascii("</Extension>");
    private static final byte[] ENABLED = ascii("<t:Enabled>");
    private static final byte[] ENABLED_END = ascii("</t:Enabled>");
    private static final byte[] MARKETPLACE_URL = ascii("<AppMarketplaceUrl>");
    private static final byte[] MARKETPLACE_URL_END = ascii("</AppMarketplaceUrl>");

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

    // ---------------------------------------------------------------- app management
    // These responses are one response message each, directly in the Body, in the messages namespace as its
    // default namespace (as Exchange writes them); t: is declared alongside for the types-namespace children.

    /**
     * GetAppManifestsResponse. {@code asApps} selects the Exchange 2013 SP1 form ({@code Apps} of {@code t:App},
     * each with {@code t:Metadata}) over the Exchange 2013 form ({@code Manifests} of base64 manifests).
     */
    public byte[] getAppManifestsResponse(ServerVersionInfo info, List<AppManifestEntry> apps, boolean asApps) {
        Objects.requireNonNull(apps, "apps");
        int size = 0;
        for (AppManifestEntry a : apps) {
            size += a.bytes().length * 4 / 3 + 160;
        }
        XmlBuffer b = appResponseStart(info, GetAppManifests.NAME, null, size);
        b.raw(asApps ? APPS_START : MANIFESTS_START);
        for (AppManifestEntry a : apps) {
            if (asApps) {
                b.raw(APP_ENABLED).raw(a.enabled() ? TRUE : FALSE)
                        .raw(APP_MANDATORY).raw(a.mandatory() ? TRUE : FALSE)
                        .raw(APP_MANIFEST).raw(Base64.getEncoder().encode(a.bytes())).raw(APP_END);
            } else {
                b.raw(MANIFEST_START).raw(Base64.getEncoder().encode(a.bytes())).raw(MANIFEST_END);
            }
        }
        b.raw(asApps ? APPS_END : MANIFESTS_END);
        return appResponseEnd(b, GetAppManifests.NAME);
    }

    /** A successful InstallAppResponse, describing what was installed. */
    public byte[] installAppResponse(ServerVersionInfo info, boolean wasFirstInstall, InstalledApp app) {
        Objects.requireNonNull(app, "app");
        XmlBuffer b = appResponseStart(info, InstallApp.NAME, null, 512);
        b.raw(WAS_FIRST_INSTALL).raw(wasFirstInstall ? TRUE : FALSE).raw(WAS_FIRST_INSTALL_END)
                .raw(EXTENSION_START);
        typesElement(b, "Id", app.id());
        b.raw(ENABLED).raw(app.enabled() ? TRUE : FALSE).raw(ENABLED_END);
        typesElement(b, "ProviderName", app.providerName());
        typesElement(b, "IconUrl", app.iconUrl());
        typesElement(b, "HighResolutionIconUrl", app.highResolutionIconUrl());
        typesElement(b, "DisplayName", app.displayName());
        typesElement(b, "Description", app.description());
        typesElement(b, "Version", app.version());
        b.raw(EXTENSION_END);
        return appResponseEnd(b, InstallApp.NAME);
    }

    public byte[] uninstallAppResponse(ServerVersionInfo info) {
        return appResponseEnd(appResponseStart(info, UninstallApp.NAME, null, 0), UninstallApp.NAME);
    }

    public byte[] disableAppResponse(ServerVersionInfo info) {
        return appResponseEnd(appResponseStart(info, DisableApp.NAME, null, 0), DisableApp.NAME);
    }

    public byte[] getAppMarketplaceUrlResponse(ServerVersionInfo info, String url) {
        Objects.requireNonNull(url, "url");
        XmlBuffer b = appResponseStart(info, GetAppMarketplaceUrl.NAME, null, url.length());
        b.raw(MARKETPLACE_URL).text(url).raw(MARKETPLACE_URL_END);
        return appResponseEnd(b, GetAppMarketplaceUrl.NAME);
    }

    /**
     * The error response of an app-management operation: ResponseClass Error with MessageText, ResponseCode and
     * DescriptiveLinkKey (and, for GetAppManifests, the empty {@code Manifests} its schema requires).
     *
     * @throws IllegalArgumentException for GetClientAccessToken, whose errors are per token request
     */
    public byte[] errorResponse(ServerVersionInfo info, EwsOperation operation, EwsError error) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(error, "error");
        if (operation instanceof GetClientAccessToken) {
            throw new IllegalArgumentException("GetClientAccessToken answers errors per token request");
        }
        XmlBuffer b = appResponseStart(info, operation.name(), error, 0);
        if (operation instanceof GetAppManifests) {
            b.raw(MANIFESTS_EMPTY);
        }
        return appResponseEnd(b, operation.name());
    }

    private static XmlBuffer appResponseStart(ServerVersionInfo info, String operation, EwsError error, int extra) {
        Objects.requireNonNull(info, "info");
        XmlBuffer b = new XmlBuffer(ENVELOPE_CAPACITY + extra + (error == null ? 0 : error.messageText().length()));
        b.raw(PROLOG);
        serverVersionInfo(b, info);
        b.raw(APP_BODY_START).raw(ascii(operation)).raw(error == null ? APP_SUCCESS : APP_ERROR);
        if (error != null) {
            b.raw(APP_MESSAGE_TEXT).text(error.messageText())
                    .raw(APP_CODE).text(error.responseCode()).raw(APP_CODE_END_LINK_KEY);
        }
        return b;
    }

    private static byte[] appResponseEnd(XmlBuffer b, String operation) {
        return b.raw(APP_RESPONSE_CLOSE).raw(ascii(operation)).raw(APP_BODY_END).toByteArray();
    }

    private static void typesElement(XmlBuffer b, String name, String value) {
        if (value != null) {
            b.raw(ascii("<t:" + name + ">")).text(value).raw(ascii("</t:" + name + ">"));
        }
    }

    /** A request-level fault, to be sent with HTTP 500. Exchange sends faults without a SOAP header. */
    public byte[] fault(SoapFault fault) {
        Objects.requireNonNull(fault, "fault");
        if (fault.isMustUnderstand()) {
            return new XmlBuffer(ENVELOPE_CAPACITY).raw(PROLOG).raw(MUST_UNDERSTAND_CODE).text(fault.faultString())
                    .raw(MUST_UNDERSTAND_END).toByteArray();
        }
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
