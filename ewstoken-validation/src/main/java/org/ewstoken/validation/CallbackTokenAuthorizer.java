package org.ewstoken.validation;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * Decides what an EWS request carrying a validated callback token may do, as Exchange decides it (REFERENCE §5;
 * office-js issues 441, 141, 1810; office-js-docs issue 261):
 *
 * <ul>
 *   <li>an EWS callback token is read-only: only {@code GetItem} and {@code GetAttachment} are allowed; any other
 *       operation is refused with {@code ErrorAccessDenied} "The requested web method is unavailable to this caller
 *       or application." for the whole request;</li>
 *   <li>an item-scoped token ({@code appctx.scope} {@code ParentItemId:<id>}) reaches only that item: every item the
 *       request names, and the parent item of every attachment it names, must be that item, or the request is
 *       refused with {@code ErrorAccessDenied} "Access is denied. Check credentials and try again.";</li>
 *   <li>a token with no item scope (issued when the request named no item, or a legacy token) reaches any item of
 *       its own mailbox, still read-only;</li>
 *   <li>a REST token ({@code ExtensionRestApiCallback}) is not for EWS: refused like another operation.</li>
 * </ul>
 *
 * <p>The caller does what only it can: it parses the request, resolves each attachment id to the id of the item the
 * attachment belongs to, and makes sure every item is in the token's mailbox ({@link CallbackToken#mailboxUid()}).
 * EWS ids are compared exactly (they are base64, so case matters). Stateless and thread-safe.
 *
 * <pre>{@code
 * CallbackToken token = validator.validate(bearer);             // 401 if this throws
 * Decision d = CallbackTokenAuthorizer.authorize(token, "GetAttachment",
 *         List.of(), List.of(parentItemIdOf(attachmentId)));    // the caller resolves the parents
 * if (d instanceof Decision.Refuse r) {
 *     // answer as Exchange: r.responseCode() with r.messageText()
 * }
 * }</pre>
 */
public final class CallbackTokenAuthorizer {

    /** Exchange's text when a callback token is used for an operation other than GetItem and GetAttachment. */
    public static final String WEB_METHOD_UNAVAILABLE = "The requested web method is unavailable to this caller or application.";
    /** Exchange's text for {@code ErrorAccessDenied}, e.g. when a callback token is used for another item. */
    public static final String ACCESS_DENIED = "Access is denied. Check credentials and try again.";
    /** The response code of both refusals. */
    public static final String ERROR_ACCESS_DENIED = "ErrorAccessDenied";
    /** The EWS operations (local names of the SOAP body's first child) a callback token may call. */
    public static final Set<String> OPERATIONS = Set.of("GetItem", "GetAttachment");

    private CallbackTokenAuthorizer() {
    }

    /** What the request may do. */
    public sealed interface Decision permits Decision.Allow, Decision.Refuse {

        /** The request may go ahead. */
        record Allow() implements Decision {
        }

        /**
         * The request must be refused, with Exchange's error.
         *
         * @param responseCode the EWS {@code ResponseCode}, e.g. {@code ErrorAccessDenied}
         * @param messageText  the EWS {@code MessageText}, exactly as Exchange writes it
         * @param reason       why, for logs and metric labels (never the token)
         */
        record Refuse(String responseCode, String messageText, String reason) implements Decision {
            public Refuse {
                Objects.requireNonNull(responseCode, "responseCode");
                Objects.requireNonNull(messageText, "messageText");
                Objects.requireNonNull(reason, "reason");
            }
        }

        /** True for {@link Allow}. */
        default boolean allowed() {
            return this instanceof Allow;
        }
    }

    private static final Decision ALLOW = new Decision.Allow();

    /**
     * Decides one EWS request.
     *
     * @param token                   a token {@link CallbackTokenValidator} accepted
     * @param operation               the EWS operation, e.g. {@code GetItem} (the SOAP body's first child, local name)
     * @param itemIds                 the ids of every item the request names (e.g. GetItem's {@code t:ItemId/@Id})
     * @param attachmentParentItemIds for every attachment the request names, the id of the item it belongs to
     */
    public static Decision authorize(CallbackToken token, String operation, Collection<String> itemIds,
                                     Collection<String> attachmentParentItemIds) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(itemIds, "itemIds");
        Objects.requireNonNull(attachmentParentItemIds, "attachmentParentItemIds");
        if (token.kind() == CallbackTokenKind.REST_API_CALLBACK) {
            return new Decision.Refuse(ERROR_ACCESS_DENIED, WEB_METHOD_UNAVAILABLE, "rest_token_at_ews");
        }
        if (!OPERATIONS.contains(operation)) {
            return new Decision.Refuse(ERROR_ACCESS_DENIED, WEB_METHOD_UNAVAILABLE, "operation_not_allowed");
        }
        String item = token.parentItemId().orElse(null);
        if (item == null) {
            return ALLOW; // mailbox-wide and read-only: the caller keeps the request inside the token's mailbox
        }
        for (String id : itemIds) {
            if (!item.equals(id)) return new Decision.Refuse(ERROR_ACCESS_DENIED, ACCESS_DENIED, "other_item");
        }
        for (String id : attachmentParentItemIds) {
            if (!item.equals(id)) return new Decision.Refuse(ERROR_ACCESS_DENIED, ACCESS_DENIED, "other_item");
        }
        return ALLOW;
    }
}
