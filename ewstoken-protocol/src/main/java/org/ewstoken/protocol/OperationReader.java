package org.ewstoken.protocol;

import javax.xml.stream.XMLStreamException;

/**
 * Reads one operation element of the messages namespace. Adding an operation means adding a record to
 * {@link EwsOperation}'s permits, a reader, and an entry in {@link SoapRequestReader}'s table.
 */
interface OperationReader {

    /** The operation element's local name in {@link EwsNamespaces#MESSAGES}. */
    String name();

    /** The oldest RequestServerVersion for which the operation exists. */
    ExchangeVersion minimumVersion();

    /**
     * Reads the operation. On entry the cursor is on the operation's START_ELEMENT; on return it must be
     * on the matching END_ELEMENT.
     */
    EwsOperation read(RequestCursor cursor) throws XMLStreamException, EwsFaultException;
}
