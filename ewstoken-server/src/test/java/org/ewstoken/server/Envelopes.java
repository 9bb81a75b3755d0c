package org.ewstoken.server;

import java.util.Base64;

/** SOAP request bodies as clients send them. */
public final class Envelopes {

    public static final String DOCUMENTED_ADDIN = "1C50226D-04B5-4AB2-9FCD-42E236B59E4B";
    /** The audience tests give the documented add-in: its task pane. */
    public static final String DOCUMENTED_AUDIENCE = "https://addin.contoso.com/taskpane.html";

    private Envelopes() {
    }

    /** The documented request, with a RequestServerVersion header. */
    public static String getClientAccessToken(String version, String... tokenRequests) {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
          .append("<soap:Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n")
          .append("    xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\"\n")
          .append("    xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"\n")
          .append("    xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\n")
          .append("  <soap:Header>\n");
        if (version != null) sb.append("    <t:RequestServerVersion Version=\"").append(version).append("\" />\n");
        sb.append("  </soap:Header>\n  <soap:Body>\n    <m:GetClientAccessToken>\n      <m:TokenRequests>\n");
        for (String r : tokenRequests) sb.append(r);
        sb.append("      </m:TokenRequests>\n    </m:GetClientAccessToken>\n  </soap:Body>\n</soap:Envelope>\n");
        return sb.toString();
    }

    public static String tokenRequest(String id, String type) {
        return "        <t:TokenRequest>\n          <t:Id>" + id + "</t:Id>\n          <t:TokenType>" + type
                + "</t:TokenType>\n        </t:TokenRequest>\n";
    }

    public static String scopedRequest(String id, String scope) {
        return "        <t:TokenRequest>\n          <t:Id>" + id + "</t:Id>\n          <t:TokenType>ScopedToken"
                + "</t:TokenType>\n          <t:Scope>" + scope + "</t:Scope>\n        </t:TokenRequest>\n";
    }

    /** A TokenRequest with an optional Scope and ResourceUri (null: left out). */
    public static String tokenRequest(String id, String type, String scope, String resourceUri) {
        return "        <t:TokenRequest>\n          <t:Id>" + id + "</t:Id>\n          <t:TokenType>" + type + "</t:TokenType>\n"
                + (scope == null ? "" : "          <t:Scope>" + scope + "</t:Scope>\n")
                + (resourceUri == null ? "" : "          <t:ResourceUri>" + resourceUri + "</t:ResourceUri>\n")
                + "        </t:TokenRequest>\n";
    }

    /** The example of the EWS documentation: one CallerIdentity request, Exchange2013. */
    public static String documented() {
        return getClientAccessToken("Exchange2013", tokenRequest(DOCUMENTED_ADDIN, "CallerIdentity"));
    }

    /** An app-management request: {@code body} is the operation element, with the m: and t: prefixes declared. */
    public static String app(String version, String body) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"\n"
                + "    xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\"\n"
                + "    xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\">\n"
                + "  <soap:Header>" + (version == null ? "" : "<t:RequestServerVersion Version=\"" + version + "\"/>")
                + "</soap:Header>\n  <soap:Body>\n    " + body + "\n  </soap:Body>\n</soap:Envelope>\n";
    }

    public static String installApp(byte[] manifest) {
        return app("Exchange2013", "<m:InstallApp><m:Manifest>" + Base64.getEncoder().encodeToString(manifest)
                + "</m:Manifest></m:InstallApp>");
    }

    public static String uninstallApp(String id) {
        return app("Exchange2013", "<m:UninstallApp><m:ID>" + id + "</m:ID></m:UninstallApp>");
    }

    public static String disableApp(String id, String reason) {
        return app("Exchange2013", "<m:DisableApp><m:ID>" + id + "</m:ID><m:DisableReason>" + reason
                + "</m:DisableReason></m:DisableApp>");
    }
}
