/**
 * The server's frame: how its capabilities plug in.
 *
 * <p>Every capability is a {@link org.ewstoken.server.Feature}: the EWS operations
 * ({@code http.EwsFeature}), the validation endpoints ({@code http.ValidationEndpoints}), the operator
 * endpoints ({@code http.OpsEndpoints}), OpenID discovery and token exchange ({@code oauth.OAuthFeature}),
 * the key schedules ({@code keys.KeyUpkeep}), the console and admin API ({@code console.Console}), the
 * sign-in methods ({@code identity.IdentityFeature}), and modules found with {@code ServiceLoader} (the EWS
 * front). Its {@code install} returns what it adds: routes for the clients', operators' or administrators'
 * table, sign-in methods, password checks and
 * {@link org.ewstoken.server.Lifecycle} parts.
 *
 * <p>{@link org.ewstoken.server.EwsTokenServer} is the composition root: {@link org.ewstoken.server.Foundation}
 * makes what the features share, {@link org.ewstoken.server.Features} lists and installs them,
 * {@link org.ewstoken.server.Listeners} decides which listener serves which table (each measured), and
 * {@link org.ewstoken.server.Lifecycles} runs the scheduled tasks and closes what was opened. Public paths
 * are named once, in {@code http.ServerUrls}.
 */
package org.ewstoken.server;
