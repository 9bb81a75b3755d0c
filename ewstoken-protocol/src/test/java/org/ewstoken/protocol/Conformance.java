package org.ewstoken.protocol;

import java.nio.file.Path;
import java.util.Optional;
import org.ewstoken.protocol.schema.ResponseValidator;

/** Validation of produced messages against the project's schema and, where present, Microsoft's. */
final class Conformance {
    /** Set by the parent pom; a clone without the official schema simply skips that half. */
    static final Path OFFICIAL_DIR = Path.of(System.getProperty("ewstoken.officialSchemaDir", "../../shared/ews-schema"));

    private Conformance() {}

    static Optional<ResponseValidator> official() {
        return ResponseValidator.officialSchema(OFFICIAL_DIR);
    }

    /** Valid under the own schema, and under the official one when it is available. */
    static byte[] assertValidEverywhere(byte[] soap) {
        ResponseValidator.ownSchema().validate(soap);
        official().ifPresent(v -> v.validate(soap));
        return soap;
    }
}
