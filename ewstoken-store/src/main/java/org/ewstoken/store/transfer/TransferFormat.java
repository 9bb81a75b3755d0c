package org.ewstoken.store.transfer;

/** Names of the export file format (JSON), shared by {@link StoreExport} and {@link StoreImport}. */
final class TransferFormat {

    static final String FORMAT = "ewstoken-store-export";
    static final int VERSION = 1;

    static final String FIELD_FORMAT = "format";
    static final String FIELD_VERSION = "formatVersion";
    static final String FIELD_SCHEMA_VERSION = "schemaVersion";
    static final String FIELD_SOURCE = "source";
    static final String FIELD_EXPORTED_AT = "exportedAt";
    static final String FIELD_TABLES = "tables";
    static final String FIELD_NAME = "name";
    static final String FIELD_COLUMNS = "columns";
    static final String FIELD_ROWS = "rows";

    private TransferFormat() {}
}
