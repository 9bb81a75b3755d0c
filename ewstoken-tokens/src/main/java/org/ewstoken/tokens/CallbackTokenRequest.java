package org.ewstoken.tokens;

import static java.util.Objects.requireNonNull;
import static org.ewstoken.tokens.IdentityTokenRequest.requireNonBlank;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What a callback token says (docs/tokens.md, REFERENCE §5).
 *
 * @param kind        which callback token ({@code ver})
 * @param exchangeUid the mailbox's stable unique id on this server: {@code nameid} (before {@code @realm}) and
 *                    {@code appctx.oid}
 * @param smtpAddress {@code appctx.smtp}: the mailbox's primary SMTP address
 * @param upn         {@code appctx.upn}: the user's sign-in name (ewstoken: the SMTP address it signs in with)
 * @param addInOrigin the add-in's web origin ({@code https://host[:port]}), from its audience URL:
 *                    {@code appctxsender} is {@code <origin>/@<realm>}
 * @param scope       {@code appctx.scope}: {@code ParentItemId:<EWS item id>} for a token scoped to one item, the
 *                    requested scope for {@link CallbackKind#SCOPED} (required there), or null for a mailbox-wide
 *                    token
 */
public record CallbackTokenRequest(CallbackKind kind, String exchangeUid, String smtpAddress, String upn,
                                   String addInOrigin, String scope) {

    /** The prefix of an item scope, as Exchange writes it: {@code ParentItemId:<EWS item id>}. */
    public static final String PARENT_ITEM_ID = "ParentItemId:";

    public CallbackTokenRequest {
        requireNonNull(kind, "kind");
        requireNonBlank("exchangeUid", exchangeUid);
        requireNonBlank("smtpAddress", smtpAddress);
        requireNonBlank("upn", upn);
        requireNonBlank("addInOrigin", addInOrigin);
        if (kind == CallbackKind.SCOPED) {
            requireNonBlank("scope", scope);
        } else if (scope != null && scope.isBlank()) {
            throw new IllegalArgumentException("scope is blank: pass null for a mailbox-wide token");
        }
    }

    /**
     * The web origin of an add-in URL: scheme, host and any non-default port, lower-cased, without a path; what
     * Exchange puts before {@code /@<realm>} in {@code appctxsender}.
     *
     * @throws IllegalArgumentException if the URL is not absolute with a host
     */
    public static String originOf(String addInUrl) {
        URI uri;
        try {
            uri = new URI(requireNonNull(addInUrl, "addInUrl").trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the add-in URL is not a URL: " + addInUrl, e);
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("the add-in URL has no scheme or host: " + addInUrl);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
