package org.ewstoken.server.console;

import java.util.List;
import java.util.Map;
import org.ewstoken.server.admin.UserAdmin;
import org.ewstoken.server.keys.KeyRing;
import org.ewstoken.store.AddIn;
import org.ewstoken.store.AdminEvent;
import org.ewstoken.store.ApiKey;
import org.ewstoken.store.AuditRecord;

/** The admin API's JSON shapes: small records, instants as ISO-8601 text. */
final class Dtos {

    private Dtos() {
    }

    static String iso(java.time.Instant i) {
        return i == null ? null : i.toString();
    }

    record SessionInfo(String user, String csrfToken, String expiresAt) {}

    record UserDto(String smtp, String displayName, String exchangeUid, String createdAt, boolean admin) {
        static UserDto of(UserAdmin.UserView v) {
            return new UserDto(v.user().smtpAddress(), v.user().displayName(), v.user().exchangeUid().toString(),
                    iso(v.user().createdAt()), v.admin());
        }
    }

    record NewUser(String smtp, String displayName, String password, boolean admin) {}

    record PasswordChange(String password) {}

    record GeneratedPassword(String password) {}

    record AddInDto(String id, String displayName, String version, String providerName, String permission,
                    String audience, String installedFor, boolean enabled, boolean mandatory, boolean enabledByDefault,
                    List<String> scopes, String createdAt, String iconUrl, String description, boolean hasManifest) {
        static AddInDto of(AddIn a, String iconUrl, String description, boolean hasManifest) {
            return new AddInDto(a.id(), a.displayName(), a.version(), a.providerName(), a.permission().wireName(),
                    a.audienceUrl(), a.ownerSmtp() == null ? "organisation" : a.ownerSmtp(), a.enabled(), a.mandatory(),
                    a.enabledByDefault(), List.copyOf(a.allowedScopes()), iso(a.createdAt()), iconUrl, description,
                    hasManifest);
        }
    }

    record AddInClientDto(String id, String backendAudience, boolean hasSecret) {}

    record BackendAudience(String backendAudience) {}

    /** Shown once: the caller keeps it, the server keeps only its hash. */
    record ClientSecret(String secret) {}

    record InstallResult(boolean firstInstall, String previousVersion, AddInDto addIn) {}

    record UrlInstall(String url, String user, Boolean mandatory, boolean allowHttp) {}

    record KeyDto(String keyId, String state, String createdAt, String activatesAt, String retiredAt,
                  String unpublishedAt, String certificateNotAfter, String subject) {
        static KeyDto of(KeyRing.KeyStatus k) {
            return new KeyDto(k.keyId(), k.state().name().toLowerCase(java.util.Locale.ROOT), iso(k.createdAt()),
                    iso(k.activatesAt()), iso(k.retiredAt()), iso(k.unpublishedAt()), iso(k.certificateNotAfter()),
                    k.subject());
        }
    }

    record Keys(String signingKeyId, String prePublication, List<KeyDto> keys) {}

    record Rotate(boolean now) {}

    record KeyImport(String fileName, String contentBase64, String password, boolean now) {}

    record AuditDto(String id, String issuedAt, String node, String user, String addIn, String tokenType, String keyId,
                    String expiresAt) {
        static AuditDto of(AuditRecord r) {
            return new AuditDto(r.id().toString(), iso(r.issuedAt()), r.node(), r.userSmtp(), r.addInId(), r.tokenType(),
                    r.keyId(), iso(r.expiresAt()));
        }
    }

    record EventDto(String id, String at, String actor, String remoteAddress, String action, String target,
                    String detail) {
        static EventDto of(AdminEvent e) {
            return new EventDto(e.id().toString(), iso(e.at()), e.actor(), e.remoteAddress(), e.action(), e.target(),
                    e.detail());
        }
    }

    record Page<T>(int offset, int limit, List<T> items) {}

    record ApiKeyDto(String id, String name, String owner, String createdAt) {
        static ApiKeyDto of(ApiKey k) {
            return new ApiKeyDto(k.id(), k.name(), k.ownerSmtp(), iso(k.createdAt()));
        }
    }

    record NewApiKey(String name) {}

    record CreatedApiKey(ApiKeyDto key, String token) {}

    record MintRequest(String user, String addIn, String type, String scope) {}

    record MintResult(String type, boolean issued, String token, Long ttlMinutes, String responseCode, String message) {}

    record TokenText(String token) {}

    record Claim(String name, Object value, String explanation) {}

    record Decoded(List<Claim> header, List<Claim> claims, List<Claim> appctx, String kind) {}

    record ValidateRequest(String token, String audience, List<String> trustedHosts, boolean allowHttp) {}

    record Verdict(boolean valid, String kind, String reason, String message, Map<String, Object> details) {}

    record Settings(Map<String, String> settings) {}
}
