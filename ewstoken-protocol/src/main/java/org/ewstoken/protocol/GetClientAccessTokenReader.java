package org.ewstoken.protocol;

import static javax.xml.stream.XMLStreamConstants.END_ELEMENT;
import static org.ewstoken.protocol.EwsNamespaces.MESSAGES;
import static org.ewstoken.protocol.EwsNamespaces.TYPES;
import static org.ewstoken.protocol.FieldSequence.optional;
import static org.ewstoken.protocol.FieldSequence.required;

import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import org.ewstoken.protocol.FieldSequence.Type;

/**
 * {@code m:GetClientAccessToken / m:TokenRequests / t:TokenRequest+ / (t:Id, t:TokenType, t:Scope?, t:ResourceUri?)}.
 * Stateless.
 */
final class GetClientAccessTokenReader implements OperationReader {
    private static final String OPERATION = GetClientAccessToken.NAME;
    private static final String TOKEN_REQUESTS = "TokenRequests";
    private static final String TOKEN_REQUEST = "TokenRequest";
    private static final String EXPECT_TOKEN_REQUESTS = Violations.expected(MESSAGES, TOKEN_REQUESTS);
    private static final String EXPECT_TOKEN_REQUEST = Violations.expected(TYPES, TOKEN_REQUEST);

    /** The children of TokenRequest in schema order. */
    private static final FieldSequence TOKEN_REQUEST_FIELDS = new FieldSequence(TYPES, TOKEN_REQUEST,
            required("Id", Type.STRING),
            required("TokenType", Type.TOKEN_TYPE),
            optional("Scope", Type.STRING),
            optional("ResourceUri", Type.STRING));

    @Override
    public String name() {
        return OPERATION;
    }

    @Override
    public ExchangeVersion minimumVersion() {
        return ExchangeVersion.EXCHANGE2013;
    }

    @Override
    public GetClientAccessToken read(RequestCursor c) throws XMLStreamException, EwsFaultException {
        c.checkNoAttributes();
        if (c.nextChild(MESSAGES, OPERATION, EXPECT_TOKEN_REQUESTS) == END_ELEMENT) {
            throw c.fault(Violations.incompleteContent(MESSAGES, OPERATION, EXPECT_TOKEN_REQUESTS));
        }
        if (!c.isElement(MESSAGES, TOKEN_REQUESTS)) {
            throw c.fault(Violations.invalidChild(MESSAGES, OPERATION, c.namespace(), c.localName(),
                    EXPECT_TOKEN_REQUESTS));
        }
        List<TokenRequest> requests = readTokenRequests(c);
        if (c.nextChild(MESSAGES, OPERATION, null) != END_ELEMENT) {
            throw c.fault(Violations.invalidChild(MESSAGES, OPERATION, c.namespace(), c.localName(), null));
        }
        return new GetClientAccessToken(requests);
    }

    private static List<TokenRequest> readTokenRequests(RequestCursor c) throws XMLStreamException, EwsFaultException {
        c.checkNoAttributes();
        List<TokenRequest> requests = new ArrayList<>();
        while (c.nextChild(MESSAGES, TOKEN_REQUESTS, EXPECT_TOKEN_REQUEST) != END_ELEMENT) {
            if (!c.isElement(TYPES, TOKEN_REQUEST)) {
                throw c.fault(Violations.invalidChild(MESSAGES, TOKEN_REQUESTS, c.namespace(), c.localName(),
                        EXPECT_TOKEN_REQUEST));
            }
            if (requests.size() == c.limits().maxTokenRequests()) {
                throw new EwsFaultException(SoapFault.invalidRequest(Limits.tokenRequests(c.limits())));
            }
            requests.add(readTokenRequest(c));
        }
        if (requests.isEmpty()) {
            throw c.fault(Violations.incompleteContent(MESSAGES, TOKEN_REQUESTS, EXPECT_TOKEN_REQUEST));
        }
        return requests;
    }

    private static TokenRequest readTokenRequest(RequestCursor c) throws XMLStreamException, EwsFaultException {
        Object[] v = TOKEN_REQUEST_FIELDS.read(c);
        return new TokenRequest((String) v[0], (TokenType) v[1], (String) v[2], (String) v[3]);
    }
}
