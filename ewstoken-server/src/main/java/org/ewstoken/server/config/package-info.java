/**
 * The server's configuration: one record per feature ({@code CoreSettings}, {@code ListenerSettings},
 * {@code FrontSettings}, {@code LdapSettings}, ...), each declaring its {@link
 * org.ewstoken.server.config.Setting}s as constants, listing them in {@code SETTINGS}, validating itself
 * and reading itself with {@code from(SettingValues)}. {@link org.ewstoken.server.config.Setting#ALL} is
 * the concatenation of those lists, and {@link org.ewstoken.server.config.ServerConfig#resolve} makes
 * one call per record.
 *
 * <p>A new setting: a constant in its feature's record (with {@code Setting.secret} if its value must
 * not be shown), a line in that record's {@code SETTINGS} and {@code from}, and a row in README.md's
 * settings table. A new feature's record: also one entry in {@code Setting}'s catalogue and one
 * component of {@code ServerConfig} (a sign-in method's record: of {@code IdentitySettings}).
 * {@code SettingCatalogTest} and {@code ReadmeTest} catch what was left out.
 *
 * <p>Bounds that several records check (at least, positive, a port) are worded once in {@code Checks},
 * and the secrets that {@code *-file} settings name are read by {@code SecretFiles}: a record's
 * constructor states which bound applies, not how to say so.
 */
package org.ewstoken.server.config;
