package org.ewstoken.bench.reference;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.annotation.Resource;
import jakarta.xml.soap.MessageFactory;
import jakarta.xml.soap.SOAPBody;
import jakarta.xml.soap.SOAPElement;
import jakarta.xml.soap.SOAPMessage;
import jakarta.xml.ws.Endpoint;
import jakarta.xml.ws.Provider;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceContext;
import jakarta.xml.ws.WebServiceProvider;
import jakarta.xml.ws.handler.MessageContext;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The benchmark's reference: GetClientAccessToken written the way a Java developer would, from stock parts. A
 * JAX-WS {@code Provider<SOAPMessage>} on Apache CXF (its Jetty transport), SAAJ for the envelope, nimbus-jose-jwt
 * with the JDK's RSA for the tokens, HTTP Basic checked against an in-memory password (cheaper than any real
 * password check, so the comparison flatters the reference). No reuse cache, no audit, no metrics, no throttling:
 * each of those would only make it slower. Usage: {@code java -jar reference.jar PORT}.
 */
@WebServiceProvider(serviceName = "ExchangeServices", portName = "ExchangeServicePort",
        targetNamespace = "http://schemas.microsoft.com/exchange/services/2006/messages")
@ServiceMode(Service.Mode.MESSAGE)
public class ReferenceServer implements Provider<SOAPMessage> {

    static final String M = "http://schemas.microsoft.com/exchange/services/2006/messages";
    static final String T = "http://schemas.microsoft.com/exchange/services/2006/types";
    static final String REALM = "3c5e5c39-4f1e-4d2c-9bd8-3f5d0b7a2a11";
    static final String HOST = "127.0.0.1";
    static final String EXCHANGE = "00000002-0000-0ff1-ce00-000000000000";
    /** The demo mailbox and add-in, as ewstoken serve --demo has them. */
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
            "demo@contoso.com:Demo-Passw0rd".getBytes(StandardCharsets.UTF_8));
    static final Map<String, String> AUDIENCES = Map.of(
            "1C50226D-04B5-4AB2-9FCD-42E236B59E4B", "https://localhost:3000/taskpane.html");

    @Resource
    private WebServiceContext context;

    private final RSAPrivateKey key;
    private final String x5t;
    private final String kid;
    private final MessageFactory messages;

    ReferenceServer() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        key = (RSAPrivateKey) pair.getPrivate();
        byte[] thumbprint = MessageDigest.getInstance("SHA-1").digest(pair.getPublic().getEncoded());
        x5t = Base64URL.encode(thumbprint).toString();
        kid = HexFormat.of().withUpperCase().formatHex(thumbprint);
        messages = MessageFactory.newInstance();
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Endpoint.publish("http://127.0.0.1:" + port + "/EWS/Exchange.asmx", new ReferenceServer());
        System.out.println("reference listening on " + port);
        Thread.currentThread().join();
    }

    @Override
    public SOAPMessage invoke(SOAPMessage request) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, List<String>> headers = (Map<String, List<String>>) context.getMessageContext()
                    .get(MessageContext.HTTP_REQUEST_HEADERS);
            List<String> authorization = headers.get("Authorization");
            if (authorization == null || !MessageDigest.isEqual(BASIC.getBytes(StandardCharsets.UTF_8),
                    authorization.get(0).getBytes(StandardCharsets.UTF_8))) {
                throw new SecurityException("401");
            }
            SOAPMessage response = messages.createMessage();
            SOAPBody body = response.getSOAPBody();
            SOAPElement messagesElement = body.addChildElement("GetClientAccessTokenResponse", "m", M)
                    .addChildElement("ResponseMessages", "m");
            NodeList requests = request.getSOAPBody().getElementsByTagNameNS(T, "TokenRequest");
            for (int i = 0; i < requests.getLength(); i++) {
                Element tokenRequest = (Element) requests.item(i);
                String id = text(tokenRequest, "Id");
                String type = text(tokenRequest, "TokenType");
                SOAPElement message = messagesElement.addChildElement("GetClientAccessTokenResponseMessage", "m");
                String audience = AUDIENCES.get(id);
                if (audience == null) {
                    message.setAttribute("ResponseClass", "Error");
                    message.addChildElement("MessageText", "m").addTextNode("The extension could not be found.");
                    message.addChildElement("ResponseCode", "m").addTextNode("ErrorExtensionNotFound");
                    continue;
                }
                boolean callback = "ExtensionCallback".equals(type);
                message.setAttribute("ResponseClass", "Success");
                message.addChildElement("ResponseCode", "m").addTextNode("NoError");
                SOAPElement token = message.addChildElement("Token", "m");
                token.addChildElement("Id", "t", T).addTextNode(id);
                token.addChildElement("TokenType", "t", T).addTextNode(type);
                token.addChildElement("TokenValue", "t", T).addTextNode(callback ? callbackToken(audience) : identityToken(audience));
                token.addChildElement("TTL", "t", T).addTextNode(callback ? "5" : "480");
            }
            response.saveChanges();
            return response;
        } catch (SecurityException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String identityToken(String audience) throws Exception {
        long now = System.currentTimeMillis();
        String appctx = "{\"msexchuid\":\"" + UUID.nameUUIDFromBytes("demo@contoso.com".getBytes(StandardCharsets.UTF_8))
                + "\",\"version\":\"ExIdTok.V1\",\"amurl\":\"https://" + HOST + ":443/autodiscover/metadata/json/1\"}";
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .audience(audience)
                .issuer(EXCHANGE + "@" + REALM)
                .notBeforeTime(new Date(now - 300_000))
                .expirationTime(new Date(now + 8 * 3_600_000))
                .claim("appctxsender", EXCHANGE + "@" + REALM)
                .claim("isbrowserhostedapp", "False")
                .claim("appctx", appctx)
                .build();
        return sign(claims);
    }

    private String callbackToken(String audience) throws Exception {
        long now = System.currentTimeMillis();
        String oid = UUID.nameUUIDFromBytes("demo@contoso.com".getBytes(StandardCharsets.UTF_8)).toString();
        String origin = audience.substring(0, audience.indexOf('/', "https://".length()));
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .audience(EXCHANGE + "/" + HOST + "@" + REALM)
                .issuer(EXCHANGE + "@" + REALM)
                .notBeforeTime(new Date(now))
                .expirationTime(new Date(now + 300_000))
                .claim("ver", "Exchange.Callback.V1")
                .claim("nameid", oid + "@" + REALM)
                .claim("appctxsender", origin + "/@" + REALM)
                .claim("appctx", "{\"oid\":\"" + oid + "\",\"smtp\":\"demo@contoso.com\",\"upn\":\"demo@contoso.com\"}")
                .build();
        return sign(claims);
    }

    /** A signer per token, as nimbus's examples do; it uses the JDK's SunRsaSign. */
    private String sign(JWTClaimsSet claims) throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).x509CertThumbprint(new Base64URL(x5t))
                .type(JOSEObjectType.JWT).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String text(Element parent, String localName) {
        NodeList list = parent.getElementsByTagNameNS(T, localName);
        return list.getLength() == 0 ? "" : list.item(0).getTextContent().strip();
    }
}
