package org.ewstoken.protocol;

import static javax.xml.stream.XMLStreamConstants.END_ELEMENT;
import static org.ewstoken.protocol.EwsNamespaces.MESSAGES;
import static org.ewstoken.protocol.EwsNamespaces.TYPES;

import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamException;

/**
 * {@code m:GetClientAccessToken / m:TokenRequests / t:TokenRequest+ / (t:Id, t:TokenType, t:Scope?, t:ResourceUri?)}.
 * Stateless.
 */
final class GetClientAccessTokenReader implements OperationReader {
    private static final String OPERATION = GetClientAccessToken.NAME;
    private static final String TOKEN_REQUESTS = "TokenRequests";
    private static final String TOKEN_REQUEST = "TokenRequest";
    private static final String TOKEN_TYPE_DATATYPE = "ClientAccessTokenTypeType";

    private static final String EXPECT_TOKEN_REQUESTS = Violations.expected(MESSAGES, TOKEN_REQUESTS);
    private static final String EXPECT_TOKEN_REQUEST = Violations.expected(TYPES, TOKEN_REQUEST);

    /** The children of TokenRequest in schema order; the first {@link #REQUIRED} are mandatory. */
    private static final String[] FIELDS = {"Id", "TokenType", "Scope", "ResourceUri"};
    private static final int ID = 0;
    private static final int TYPE = 1;
    private static final int SCOPE = 2;
    private static final int RESOURCE_URI = 3;
    private static final int REQUIRED = 2;

    /** What may come next once {@code i} fields are behind us. */
    private static final String[] EXPECT_FIELD = {
        Violations.expected(TYPES, "Id"),
        Violations.expected(TYPES, "TokenType"),
        Violations.expected(TYPES, "Scope", "ResourceUri"),
        Violations.expected(TYPES, "ResourceUri"),
        null,
    };

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
        c.checkNoAttributes();
        String[] values = new String[FIELDS.length];
        int next = 0;
        while (c.nextChild(TYPES, TOKEN_REQUEST, EXPECT_FIELD[next]) != END_ELEMENT) {
            int field = fieldAt(c, next);
            if (field < 0) {
                throw c.fault(Violations.invalidChild(TYPES, TOKEN_REQUEST, c.namespace(), c.localName(),
                        EXPECT_FIELD[next]));
            }
            int[] position = field == TYPE ? c.position() : null; // a bad value is reported at its start tag
            values[field] = c.readText();
            if (field == TYPE && TokenType.fromWire(values[TYPE]).isEmpty()) {
                throw RequestCursor.fault(position, Violations.invalidElementValue(TYPES, "TokenType", values[TYPE],
                        TYPES, TOKEN_TYPE_DATATYPE));
            }
            next = field + 1;
        }
        if (next < REQUIRED) {
            throw c.fault(Violations.incompleteContent(TYPES, TOKEN_REQUEST, EXPECT_FIELD[next]));
        }
        return new TokenRequest(values[ID], TokenType.fromWire(values[TYPE]).orElseThrow(), values[SCOPE],
                values[RESOURCE_URI]);
    }

    /**
     * The index of the current element among the fields that may legally come when {@code next} fields are
     * behind us (the next field, or a later one if everything skipped is optional), else -1.
     */
    private static int fieldAt(RequestCursor c, int next) {
        if (!TYPES.equals(c.namespace())) {
            return -1;
        }
        String local = c.localName();
        int last = next < REQUIRED ? next : FIELDS.length - 1;
        for (int i = next; i <= last; i++) {
            if (FIELDS[i].equals(local)) {
                return i;
            }
        }
        return -1;
    }
}
