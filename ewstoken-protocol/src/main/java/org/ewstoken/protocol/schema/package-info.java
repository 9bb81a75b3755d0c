/**
 * The project's WSDL and schemas ({@link org.ewstoken.protocol.schema.ProtocolSchemas}), and a validator for SOAP
 * messages against them or against Microsoft's official schema
 * ({@link org.ewstoken.protocol.schema.ResponseValidator}), for conformance tests.
 */
package org.ewstoken.protocol.schema;
