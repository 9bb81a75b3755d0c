package org.ewstoken.protocol;

/** The XML namespaces of the EWS wire protocol. Prefixes are the client's choice; only these URIs matter. */
public final class EwsNamespaces {
    /** SOAP 1.1 envelope. EWS speaks SOAP 1.1 only. */
    public static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String MESSAGES = "http://schemas.microsoft.com/exchange/services/2006/messages";
    public static final String TYPES = "http://schemas.microsoft.com/exchange/services/2006/types";
    /** Namespace of {@code e:ResponseCode} and {@code e:Message} inside a fault's detail. */
    public static final String ERRORS = "http://schemas.microsoft.com/exchange/services/2006/errors";
    public static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    public static final String XSD = "http://www.w3.org/2001/XMLSchema";

    private EwsNamespaces() {}
}
