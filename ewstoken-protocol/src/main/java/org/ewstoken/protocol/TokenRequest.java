package org.ewstoken.protocol;

import java.util.Objects;

/**
 * One {@code t:TokenRequest}.
 *
 * @param id          the add-in id exactly as sent (untrimmed; may be empty, which the schema allows
 *                    and the server answers with ErrorExtensionNotFound)
 * @param type        the requested token type
 * @param scope       {@code t:Scope}, or null when absent
 * @param resourceUri {@code t:ResourceUri}, or null when absent
 */
public record TokenRequest(String id, TokenType type, String scope, String resourceUri) {
    public TokenRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
    }
}
