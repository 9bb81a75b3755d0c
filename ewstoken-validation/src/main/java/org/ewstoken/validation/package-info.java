/**
 * Validation of Exchange identity tokens (for add-in back ends: {@link org.ewstoken.validation.IdentityTokenValidator})
 * and of ewstoken callback tokens (for resource servers: {@link org.ewstoken.validation.CallbackTokenValidator}).
 *
 * <p>No dependencies beyond the JDK: JSON is read by a small strict parser, HTTP goes through
 * {@code java.net.http.HttpClient}, signatures through {@code java.security.Signature}. Every refusal is a
 * {@link org.ewstoken.validation.TokenValidationException} subclass naming its
 * {@link org.ewstoken.validation.FailureReason}. See docs/validation.md.
 */
package org.ewstoken.validation;
