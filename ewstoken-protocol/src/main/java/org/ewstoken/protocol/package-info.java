/**
 * The EWS SOAP codec for the client access token operations: {@link org.ewstoken.protocol.SoapRequestReader}
 * turns untrusted request bytes into an {@link org.ewstoken.protocol.EwsRequest} or the
 * {@link org.ewstoken.protocol.SoapFault} Exchange would answer with, and
 * {@link org.ewstoken.protocol.SoapResponseWriter} writes responses and faults in Exchange's exact wire style.
 * Everything here is immutable or stateless, and thread-safe.
 */
package org.ewstoken.protocol;
