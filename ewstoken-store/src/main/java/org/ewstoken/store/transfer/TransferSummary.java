package org.ewstoken.store.transfer;

import java.util.Map;

/**
 * What an export or import moved.
 *
 * @param schemaVersion the schema version of the data (both sides must have the same)
 * @param rowsByTable rows per table, in the order they were written
 */
public record TransferSummary(String schemaVersion, Map<String, Long> rowsByTable) {

    public TransferSummary {
        rowsByTable = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rowsByTable));
    }

    public long totalRows() {
        return rowsByTable.values().stream().mapToLong(Long::longValue).sum();
    }
}
