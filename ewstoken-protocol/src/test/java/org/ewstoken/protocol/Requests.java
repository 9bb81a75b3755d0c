package org.ewstoken.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** Request documents and helpers shared by the reader's tests. */
final class Requests {
    static final String SOAP = EwsNamespaces.SOAP;
    static final String M = EwsNamespaces.MESSAGES;
    static final String T = EwsNamespaces.TYPES;

    /** Microsoft's documented GetClientAccessToken request (REFERENCE §1). */
    static final String DOCUMENTED = """
            <?xml version="1.0" encoding="utf-8"?>
            <soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                           xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"
                           xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"
                           xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
              <soap:Header>
                <t:RequestServerVersion Version="Exchange2013" />
              </soap:Header>
              <soap:Body>
                <m:GetClientAccessToken>
                  <m:TokenRequests>
                    <t:TokenRequest>
                      <t:Id>1C50226D-04B5-4AB2-9FCD-42E236B59E4B</t:Id>
                      <t:TokenType>CallerIdentity</t:TokenType>
                    </t:TokenRequest>
                  </m:TokenRequests>
                </m:GetClientAccessToken>
              </soap:Body>
            </soap:Envelope>
            """;

    private Requests() {}

    /** An envelope with the usual prefixes around {@code header} (may be null for none) and {@code body}. */
    static String envelope(String header, String body) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<soap:Envelope xmlns:soap=\"" + SOAP + "\" xmlns:m=\"" + M + "\" xmlns:t=\"" + T + "\">\n"
                + (header == null ? "" : "<soap:Header>" + header + "</soap:Header>\n")
                + "<soap:Body>\n" + body + "\n</soap:Body>\n"
                + "</soap:Envelope>\n";
    }

    /** A GetClientAccessToken envelope whose TokenRequests hold {@code tokenRequests} verbatim. */
    static String withTokenRequests(String tokenRequests) {
        return envelope("<t:RequestServerVersion Version=\"Exchange2013\"/>",
                "<m:GetClientAccessToken>\n<m:TokenRequests>\n" + tokenRequests + "\n</m:TokenRequests>\n</m:GetClientAccessToken>");
    }

    /** A GetClientAccessToken envelope with one TokenRequest holding {@code fields} verbatim. */
    static String withTokenRequest(String fields) {
        return withTokenRequests("<t:TokenRequest>" + fields + "</t:TokenRequest>");
    }

    static ByteArrayInputStream utf8(String xml) {
        return new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Where .NET (and so Exchange) reports a tag: its line and the column of the first character of its name.
     * {@code tag} is a snippet starting with the tag's '<' that occurs exactly once in {@code xml}.
     */
    static int[] nameOf(String xml, String tag) {
        int at = xml.indexOf(tag);
        assertThat(at).as("'%s' occurs in the document", tag).isNotNegative();
        assertThat(xml.indexOf(tag, at + 1)).as("'%s' occurs once", tag).isNegative();
        int nameAt = at + (tag.startsWith("</") ? 2 : 1);
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (xml.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, nameAt - lineStart + 1};
    }
}
