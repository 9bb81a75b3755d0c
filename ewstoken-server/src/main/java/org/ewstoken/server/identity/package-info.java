/**
 * Who is calling: the sign-in methods and the mailbox each signed-in caller gets.
 *
 * <p>The split follows Jetty's Authenticator / LoginService: a {@link org.ewstoken.server.identity.SignInMethod}
 * speaks one HTTP scheme (Basic, Negotiate, Bearer, a trusted front-end's signature) and answers a
 * request with a sealed {@link org.ewstoken.server.identity.SignInResult}; a
 * {@link org.ewstoken.server.identity.PasswordCheck} says whether a password is right (the local
 * Argon2 store, an LDAP bind, an upstream server), so every password source gets Basic's parsing,
 * throttling and credential cache for free. {@link org.ewstoken.server.identity.SignIn} asks the enabled
 * methods in order and lists one challenge per method; a
 * {@link org.ewstoken.server.identity.MailboxResolver} turns the proven
 * {@link org.ewstoken.server.identity.Identity} into a stored {@link org.ewstoken.store.User}, creating
 * the mailbox at first sign-in. {@code ClientAccessTokenService.issue(User, ...)} is unchanged: a method
 * never mints anything.
 *
 * <p>Adding a method: implement {@code SignInMethod}, or extend {@code SchemeMethod} for one more
 * {@code Authorization} scheme (answer {@code NotMine} quickly for requests that are not yours, never log the
 * credential), and add it to the list in {@link org.ewstoken.server.identity.IdentityFeature#methods()} (or
 * return it from any feature's {@code install}, as the front does); for another password source, implement
 * {@code PasswordCheck} and return it from a feature ({@code Installed.withPasswordCheck}): HTTP Basic asks it
 * after the local users. Only methods that consume password guesses go through the login throttle; token
 * methods (Negotiate, Bearer) are unguessable and are not throttled.
 */
package org.ewstoken.server.identity;
