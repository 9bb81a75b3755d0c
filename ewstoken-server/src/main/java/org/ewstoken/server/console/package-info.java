/**
 * The web console and the admin API: the {@code console} feature ({@link org.ewstoken.server.console.Console}),
 * served to administrators on the main listener or on admin-port.
 *
 * <p>Where things live: who calls ({@link org.ewstoken.server.console.ConsoleSignIn}: a session, an API key
 * through {@link org.ewstoken.server.console.ApiKeyMethod}, or the server's sign-in methods, the form's
 * password included); the console's pages ({@link org.ewstoken.server.console.ConsoleHandler}, a route
 * table of their own); the API's rows ({@link org.ewstoken.server.console.AdminRoutes}: method, path template,
 * action, matching {@code openapi.json}) and how a row's answer or refusal is written
 * ({@link org.ewstoken.server.console.AdminApi}). The actions call the admin services
 * ({@code org.ewstoken.server.admin}) the command line calls; no rule lives here.
 */
package org.ewstoken.server.console;
