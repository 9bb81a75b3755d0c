package org.ewstoken.server.service;

import org.ewstoken.protocol.TokenRequest;
import org.ewstoken.tokens.CallbackTokenRequest;

/**
 * Which item an {@code ExtensionCallback} request names, if any. Outlook asks for the token of the item it has
 * open; on the wire, the request names it in {@code t:Scope} or {@code t:ResourceUri} as
 * {@code ParentItemId:<EWS item id>}, the form Exchange writes into the token's {@code appctx.scope}
 * (docs/tokens.md, "Which item a callback token is for").
 */
sealed interface ItemScope {

    /** EWS item ids are about 150 base64 characters; far longer is not one. */
    int MAX_ID_LENGTH = 512;

    /** Nothing names an item: the token is mailbox-wide (and read-only, like every EWS callback token). */
    record None() implements ItemScope {
    }

    /** @param scope {@code ParentItemId:<id>} */
    record Item(String scope) implements ItemScope {
    }

    /** The request names something that is not an item, or two different items: answered with this text. */
    record Refused(String message) implements ItemScope {
    }

    static ItemScope of(TokenRequest request) {
        ItemScope fromScope = parse("Scope", request.scope());
        ItemScope fromUri = parse("ResourceUri", request.resourceUri());
        if (fromScope instanceof Refused) return fromScope;
        if (fromUri instanceof Refused) return fromUri;
        if (fromScope instanceof Item a && fromUri instanceof Item b && !a.equals(b)) {
            return new Refused("The Scope and the ResourceUri of the token request name different items.");
        }
        return fromScope instanceof Item ? fromScope : fromUri;
    }

    private static ItemScope parse(String element, String value) {
        if (value == null || value.isBlank()) return new None();
        String v = value.trim();
        String prefix = CallbackTokenRequest.PARENT_ITEM_ID;
        if (!v.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return new Refused("The " + element + " of an ExtensionCallback token request must name an item as "
                    + prefix + "<EWS item id>.");
        }
        String id = v.substring(prefix.length()).trim();
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH || !id.chars().allMatch(ItemScope::idChar)) {
            return new Refused("The " + element + " of the token request does not hold a valid EWS item id.");
        }
        return new Item(prefix + id);
    }

    /** Base64 (EWS ids) and base64url characters. */
    private static boolean idChar(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '+' || c == '/' || c == '=' || c == '-' || c == '_';
    }
}
