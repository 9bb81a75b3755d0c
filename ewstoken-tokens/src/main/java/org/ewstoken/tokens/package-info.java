/**
 * The token engine: signing keys and their certificates, the Exchange identity token
 * ({@code CallerIdentity}), the callback tokens ({@code ExtensionCallback},
 * {@code ExtensionRestApiCallback}, {@code ScopedToken}) and the authentication metadata
 * document that publishes the certificates a token is verified with.
 *
 * <p>Embeddable alone: nothing here knows about storage, HTTP or SOAP. The entry points are
 * {@link org.ewstoken.tokens.SigningKeys} (make or import a key), {@link org.ewstoken.tokens.TokenMinter}
 * (sign tokens), {@link org.ewstoken.tokens.MetadataDocument} (publish certificates) and
 * {@link org.ewstoken.tokens.MasterKey} (seal private keys at rest).
 */
package org.ewstoken.tokens;
