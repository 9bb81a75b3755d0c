package org.ewstoken.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.server.hostile.HostileCase.Expect.answered;
import static org.ewstoken.server.hostile.HostileCase.Expect.fault;
import static org.ewstoken.server.hostile.HostileCase.Expect.notAllowed;
import static org.ewstoken.server.hostile.HostileCase.Expect.status;
import static org.ewstoken.server.hostile.HostileCase.Expect.statusIn;
import static org.ewstoken.server.hostile.RawHttp.basic;
import static org.ewstoken.server.hostile.RawHttp.concat;
import static org.ewstoken.server.hostile.RawHttp.post;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.TestServer;

/**
 * The catalogue of hostile requests against a server running with its default limits: HTTP abuse,
 * authentication abuse, XML attacks, limit breaches and encoding tricks. Each has one right answer.
 *
 * @param user       a mailbox that exists, with {@code password}
 * @param addInId    an add-in installed for it (ReadItem or more)
 * @param canary     a URL nobody may ever connect to
 * @param secretFile a file whose content must never show
 */
public record HostileCases(String user, String password, String addInId, URI canary, URI secretFile) {

    static final String SOAP = "/EWS/Exchange.asmx";
    static final String XML = "Content-Type: text/xml; charset=utf-8";
    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

    /** A valid GetClientAccessToken body for {@link TestServer#CRM}, as UTF-8. */
    static byte[] validBody() {
        return new HostileCases(null, null, TestServer.CRM, null, null).valid().getBytes(StandardCharsets.UTF_8);
    }

    public List<HostileCase> all() {
        List<HostileCase> c = new ArrayList<>();
        http(c);
        authentication(c);
        xmlAttacks(c);
        limits(c);
        encodings(c);
        structure(c);
        secondRound(c);
        return c;
    }

    /** The classes of the second attack run: parser limits in answers, SOAP headers, account names, duplicates. */
    private void secondRound(List<HostileCase> c) {
        HostileCase.Expect appError = r -> {
            assertThat(r.status()).as("status of %s", r).isEqualTo(200);
            assertThat(r.text()).contains("ResponseClass=\"Error\"");
        };
        String[] jsons = {"{\"id\": NaN}", "{\"a\":" + "[".repeat(200) + "]".repeat(200) + "}",
            "{\"a\": " + "9".repeat(200) + "}", "{'a': 1}",
            "{\"a\": 1, \"a\": 2}", "{\"" + "n".repeat(3000) + "\": 1}", "{\"a\": 1} /* trailing */"};
        for (int i = 0; i < jsons.length; i++) {
            c.add(hc("InstallApp with a hostile JSON manifest #" + i,
                    soap(Envelopes.installApp(jsons[i].getBytes(StandardCharsets.UTF_8))), appError));
        }
        c.add(hc("unknown SOAP header marked mustUnderstand", soap(withHeaderBlock(
                "<x:Security xmlns:x=\"urn:example:wsse\" soap:mustUnderstand=\"1\"/>")), r -> {
                    assertThat(r.status()).isEqualTo(500);
                    assertThat(r.text()).contains("<faultcode>s:MustUnderstand</faultcode>");
                }));
        c.add(hc("ExchangeImpersonation header", soap(withHeaderBlock("<t:ExchangeImpersonation><t:ConnectingSID>"
                + "<t:PrimarySmtpAddress>ceo@contoso.com</t:PrimarySmtpAddress></t:ConnectingSID></t:ExchangeImpersonation>")),
                fault("ErrorImpersonateUserDenied", null)));
        c.add(hc("SerializedSecurityContext header", soap(withHeaderBlock(
                "<t:SerializedSecurityContext><t:UserSid>S-1-5-18</t:UserSid></t:SerializedSecurityContext>")),
                fault("ErrorImpersonateUserDenied", null)));
        c.add(hc("two Authorization headers", post(SOAP, ascii(valid()), auth(), basic("other@contoso.com", "x"), XML),
                status(400)));
        c.add(hc("a NUL after the user name", post(SOAP, ascii(valid()), basic(user + "\u0000", password), XML), status(401)));
        c.add(hc("a zero-width space in the user name", post(SOAP, ascii(valid()),
                basic("\u200b" + user, password), XML), status(401)));
    }

    /** The documented valid request for the installed add-in. */
    public String valid() {
        return Envelopes.getClientAccessToken("Exchange2013", Envelopes.tokenRequest(addInId, "CallerIdentity"));
    }

    private String auth() {
        return basic(user, password);
    }

    private byte[] soap(String envelope) {
        return post(SOAP, envelope.getBytes(StandardCharsets.UTF_8), auth(), XML);
    }

    private byte[] soap(byte[] envelope) {
        return post(SOAP, envelope, auth(), XML);
    }

    private static HostileCase hc(String name, byte[] request, HostileCase.Expect expect) {
        return new HostileCase(name, request, expect);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The valid request with {@code header} as its only SOAP header block besides the version. */
    private String withHeaderBlock(String header) {
        return valid().replace("  </soap:Header>", header + "</soap:Header>");
    }

    private String withDoctype(String doctype, String id) {
        return DECLARATION + doctype + "\n" + valid().substring(DECLARATION.length()).replace(addInId, id);
    }

    private void http(List<HostileCase> c) {
        byte[] big = new byte[1024 * 1024 + 1];
        c.add(hc("body over 1 MiB with Content-Length", post(SOAP, big, auth(), XML), status(413)));
        byte[] chunkedHead = ascii("POST " + SOAP + " HTTP/1.1\r\nHost: localhost\r\n" + auth() + "\r\n" + XML
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        StringBuilder chunks = new StringBuilder();
        chunks.append(Integer.toHexString(DECLARATION.length())).append("\r\n").append(DECLARATION).append("\r\n");
        String chunk = "<!--" + "x".repeat(60_000) + "-->"; // comments within every XML limit, 1.2 MB together
        for (int i = 0; i < 20; i++) chunks.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        chunks.append("0\r\n\r\n");
        c.add(hc("chunked body over 1 MiB without Content-Length", concat(chunkedHead, ascii(chunks.toString())), status(413)));
        c.add(hc("header block over max-header-bytes", post(SOAP, ascii(valid()), auth(), XML,
                "Cookie: " + "a".repeat(20_000)), status(431)));
        c.add(hc("request line over max-header-bytes", ascii("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                statusIn(414, 431)));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2000; i++) many.append("X-H").append(i).append(": v\r\n");
        c.add(hc("thousands of headers", ascii("POST " + SOAP + " HTTP/1.1\r\nHost: x\r\n" + many + "\r\n"), status(431)));
        c.add(hc("GET on the SOAP URL", ascii("GET " + SOAP + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                notAllowed("POST")));
        c.add(hc("PUT on the SOAP URL", RawHttp.request("PUT", SOAP, ascii(valid()), auth(), XML), notAllowed("POST")));
        c.add(hc("DELETE on the SOAP URL", ascii("DELETE " + SOAP + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                notAllowed("POST")));
        c.add(hc("JSON Content-Type", post(SOAP, ascii("{\"a\":1}"), auth(), "Content-Type: application/json"), status(415)));
        c.add(hc("multipart Content-Type", post(SOAP, ascii(valid()), auth(), "Content-Type: multipart/form-data; boundary=x"),
                status(415)));
        c.add(hc("garbage request line", ascii("GARBAGE\r\n\r\n"), status(400)));
        c.add(hc("non-numeric Content-Length", ascii("POST " + SOAP + " HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
                status(400)));
        c.add(hc("negative Content-Length", ascii("POST " + SOAP + " HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"),
                status(400)));
        c.add(hc("Content-Length and Transfer-Encoding together (smuggling)", ascii("POST " + SOAP
                + " HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), status(400)));
        c.add(hc("two different Content-Lengths (smuggling)", ascii("POST " + SOAP
                + " HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde"), status(400)));
        c.add(hc("HTTP/1.1 without Host", ascii("GET /EWS/Services.wsdl HTTP/1.1\r\n\r\n"), status(400)));
        c.add(hc("control character in a header", ascii("GET /EWS/Services.wsdl HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n"),
                status(400)));
        c.add(hc("path traversal", ascii("GET /EWS/../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                statusIn(400, 404)));
        c.add(hc("encoded path traversal", ascii("GET /EWS/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                statusIn(400, 404)));
        c.add(hc("unknown method", ascii("BREW " + SOAP + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                statusIn(400, 405)));
    }

    private void authentication(List<HostileCase> c) {
        byte[] body = ascii(valid());
        c.add(hc("no Authorization header", post(SOAP, body, XML), status(401)));
        c.add(hc("Bearer instead of Basic", post(SOAP, body, XML, "Authorization: Bearer eyJhbGciOiJub25lIn0.e30."), status(401)));
        c.add(hc("Basic credentials that are not base64", post(SOAP, body, XML, "Authorization: Basic !!!***"), status(401)));
        c.add(hc("Basic credentials without a colon", post(SOAP, body, XML, "Authorization: Basic "
                + java.util.Base64.getEncoder().encodeToString(ascii("no-colon-here"))), status(401)));
        c.add(hc("Basic credentials that are not UTF-8", post(SOAP, body, XML, "Authorization: Basic "
                + java.util.Base64.getEncoder().encodeToString(new byte[] {(byte) 0xC3, 0x28, ':', (byte) 0xFF})), status(401)));
        c.add(hc("a 6 KB Authorization header", post(SOAP, body, XML, "Authorization: Basic " + "QUFB".repeat(1500)), status(401)));
        c.add(hc("wrong password", post(SOAP, body, XML, basic(user, password + "x")), status(401)));
        c.add(hc("unknown user", post(SOAP, body, XML, basic("nobody-" + user, password)), status(401)));
        c.add(hc("SQL in the user name", post(SOAP, body, XML, basic("' OR '1'='1", "' OR '1'='1")), status(401)));
    }

    private void xmlAttacks(List<HostileCase> c) {
        String dtd = "For security reasons DTD is prohibited";
        c.add(hc("XXE: external entity reading a local file",
                soap(withDoctype("<!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM \"" + secretFile + "\">]>", "&xxe;")),
                fault("ErrorSchemaValidation", dtd)));
        c.add(hc("XXE: external entity fetching a URL",
                soap(withDoctype("<!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM \"" + canary + "/xxe\">]>", "&xxe;")),
                fault("ErrorSchemaValidation", dtd)));
        c.add(hc("external DTD by URL", soap(withDoctype("<!DOCTYPE soap:Envelope SYSTEM \"" + canary + "/evil.dtd\">", addInId)),
                fault("ErrorSchemaValidation", dtd)));
        c.add(hc("external parameter entity (out-of-band XXE)",
                soap(withDoctype("<!DOCTYPE soap:Envelope [<!ENTITY % p SYSTEM \"" + canary + "/p.dtd\"> %p;]>", addInId)),
                fault("ErrorSchemaValidation", dtd)));
        StringBuilder laughs = new StringBuilder("<!DOCTYPE soap:Envelope [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            laughs.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        c.add(hc("billion laughs", soap(withDoctype(laughs + "]>", "&lol9;")), fault("ErrorSchemaValidation", dtd)));
        c.add(hc("quadratic blow-up", soap(withDoctype("<!DOCTYPE soap:Envelope [<!ENTITY a \"" + "a".repeat(50_000) + "\">]>",
                "&a;".repeat(10_000))), fault("ErrorSchemaValidation", dtd)));
        c.add(hc("undeclared entity reference without a DTD", soap(valid().replace(addInId, "&xxe;")),
                fault("ErrorSchemaValidation")));
        c.add(hc("xsi:schemaLocation naming a remote schema is not fetched", soap(valid().replace("<soap:Envelope ",
                "<soap:Envelope xsi:schemaLocation=\"http://schemas.xmlsoap.org/soap/envelope/ " + canary + "/s.xsd\" ")),
                answered("NoError")));
        c.add(hc("XInclude in a header block is not processed", soap(withHeaderBlock(
                "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"" + secretFile + "\" parse=\"text\"/>")),
                answered("NoError")));
    }

    private void limits(List<HostileCase> c) {
        String nested = "<x:a xmlns:x='urn:x'>".repeat(100) + "</x:a>".repeat(100);
        c.add(hc("nesting deeper than max-xml-depth", soap(withHeaderBlock(nested)),
                fault("ErrorInvalidRequest", "maximum element depth of 32")));
        c.add(hc("more elements than max-xml-elements", soap(withHeaderBlock("<x/>".repeat(20_000))),
                fault("ErrorInvalidRequest", "maximum number of elements, 10000")));
        c.add(hc("text longer than max-xml-text-length", soap(valid().replace(addInId, "i".repeat(70_000))),
                fault("ErrorInvalidRequest", "text value longer than 65536")));
        c.add(hc("attribute longer than max-xml-attribute-length", soap(withHeaderBlock("<x a='" + "v".repeat(9000) + "'/>")),
                fault("ErrorInvalidRequest", "attribute value longer than 8192")));
        StringBuilder attrs = new StringBuilder("<x");
        for (int i = 0; i < 100; i++) attrs.append(" a").append(i).append("='1'");
        c.add(hc("too many attributes on one element", soap(withHeaderBlock(attrs + "/>")),
                fault("ErrorInvalidRequest", "more than 32 attributes")));
        StringBuilder xmlns = new StringBuilder("<x");
        for (int i = 0; i < 100; i++) xmlns.append(" xmlns:p").append(i).append("='urn:").append(i).append("'");
        c.add(hc("namespace declaration flood", soap(withHeaderBlock(xmlns + "/>")), fault("ErrorInvalidRequest")));
        String one = Envelopes.tokenRequest(addInId, "CallerIdentity");
        c.add(hc("101 TokenRequests", soap(Envelopes.getClientAccessToken("Exchange2013", one.repeat(101))),
                fault("ErrorInvalidRequest", "more than 100 token requests")));
        c.add(hc("a CDATA section longer than max-xml-text-length",
                soap(valid().replace(addInId, "<![CDATA[" + "c".repeat(70_000) + "]]>")), fault("ErrorInvalidRequest")));
        c.add(hc("an ignored header block named with 100 000 characters", soap(withHeaderBlock("<" + "n".repeat(100_000) + "/>")),
                answered("NoError")));
        c.add(hc("an operation named with 100 000 characters (not echoed whole)",
                soap(valid().replace("m:GetClientAccessToken>", "m:" + "n".repeat(100_000) + ">")),
                fault("ErrorSchemaValidation", "nnn...")));
        c.add(hc("a mismatched end tag of 100 000 characters", soap(valid().replace("</m:TokenRequests>",
                "</m:" + "n".repeat(100_000) + ">")), fault("ErrorSchemaValidation")));
    }

    private void encodings(List<HostileCase> c) {
        String[] around = valid().split(addInId);
        byte[] invalid = concat(concat(around[0].getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}),
                around[1].getBytes(StandardCharsets.UTF_8));
        c.add(hc("invalid UTF-8 bytes", soap(invalid), fault("ErrorSchemaValidation")));
        c.add(hc("declared UTF-16, sent UTF-8", soap(valid().replace("encoding=\"utf-8\"", "encoding=\"utf-16\"")),
                fault("ErrorSchemaValidation")));
        c.add(hc("an unknown declared encoding", soap(valid().replace("encoding=\"utf-8\"", "encoding=\"x-klingon\"")),
                fault("ErrorSchemaValidation")));
        String withAccent = valid().replace("encoding=\"utf-8\"", "encoding=\"ISO-8859-1\"")
                .replace("<soap:Header>", "<soap:Header><x:note xmlns:x='urn:x'>caf\u00e9</x:note>");
        c.add(hc("ISO-8859-1, declared and used consistently", soap(withAccent.getBytes(StandardCharsets.ISO_8859_1)),
                answered("NoError")));
        c.add(hc("UTF-16 with a byte-order mark", soap(encode(valid().replace("encoding=\"utf-8\"", "encoding=\"utf-16\""),
                StandardCharsets.UTF_16)), answered("NoError")));
        c.add(hc("UTF-8 with a byte-order mark", soap(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                valid().getBytes(StandardCharsets.UTF_8))), answered("NoError")));
        c.add(hc("a NUL character reference", soap(valid().replace(addInId, "a&#0;b")), fault("ErrorSchemaValidation")));
        c.add(hc("a raw control character", soap(valid().replace(addInId, "a\u0001b")), fault("ErrorSchemaValidation")));
    }

    private void structure(List<HostileCase> c) {
        c.add(hc("empty body", soap(""), fault("ErrorSchemaValidation")));
        c.add(hc("not XML at all", soap("hello, world"), fault("ErrorSchemaValidation")));
        c.add(hc("truncated envelope", soap(valid().substring(0, valid().length() / 2)), fault("ErrorSchemaValidation")));
        c.add(hc("SOAP 1.2 envelope namespace", soap(valid().replace("http://schemas.xmlsoap.org/soap/envelope/",
                "http://www.w3.org/2003/05/soap-envelope")), fault("ErrorSchemaValidation")));
        c.add(hc("two Bodies", soap(valid().replace("</soap:Envelope>", "<soap:Body/></soap:Envelope>")),
                fault("ErrorSchemaValidation")));
        c.add(hc("content after the root element", soap(valid() + "<again/>"), fault("ErrorSchemaValidation")));
        c.add(hc("an unknown operation", soap(valid().replace("m:GetClientAccessToken>", "m:DeleteEverything>")),
                fault("ErrorSchemaValidation", "DeleteEverything")));
        c.add(hc("an unknown token type", soap(valid().replace(">CallerIdentity<", ">RootToken<")),
                fault("ErrorSchemaValidation", "RootToken")));
        c.add(hc("an add-in that does not exist", soap(valid().replace(addInId, "00000000-0000-0000-0000-000000000000")),
                answered("ErrorExtensionNotFound")));
        c.add(hc("script in the add-in id is echoed escaped", soap(valid().replace(addInId, "&lt;script&gt;alert(1)&lt;/script&gt;")),
                answered("ErrorExtensionNotFound")));
    }

    private static byte[] encode(String s, Charset charset) {
        return s.getBytes(charset); // Java's UTF_16 writes a big-endian byte-order mark
    }
}
