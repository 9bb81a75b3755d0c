/**
 * Outlook add-in manifests: {@link org.ewstoken.manifest.ManifestParser} reads an XML ({@code OfficeApp
 * xsi:type="MailApp"}, schema 1.0 or 1.1) or unified JSON manifest from untrusted bytes into a
 * {@link org.ewstoken.manifest.Manifest}; {@link org.ewstoken.manifest.ManifestFetcher} downloads one within
 * bounds. Depends on Woodstox and Jackson only, so that mail servers can embed it. Everything here is
 * immutable or stateless, and thread-safe.
 */
package org.ewstoken.manifest;
