/**
 * HTTP: the listeners' shell ({@code ServerShell}, {@code OpsListener}, {@code ConnectionGuard}; its connector
 * {@link org.ewstoken.server.http.ListenerConnector}, whose selectors also serve the front's upstream connections, and
 * its threads {@link org.ewstoken.server.http.ServerThreads}), the one
 * route table type ({@link org.ewstoken.server.http.RouteTable} of {@link org.ewstoken.server.http.Route}
 * rows), every public path ({@link org.ewstoken.server.http.ServerUrls}), and the features that answer
 * clients and operators: {@link org.ewstoken.server.http.EwsFeature} (EWS, metadata, WSDL),
 * {@link org.ewstoken.server.http.ValidationEndpoints} (Autodiscover, introspection) and
 * {@link org.ewstoken.server.http.OpsEndpoints} (health, readiness, metrics).
 *
 * <p>A sign-in that does not succeed is answered through {@link org.ewstoken.server.http.SignInAnswer}, by
 * EWS ({@code EwsAdmission}) and the console alike; endpoint classes stay package-private.
 */
package org.ewstoken.server.http;
