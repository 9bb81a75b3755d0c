package org.ewstoken.protocol.schema;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.util.function.Function;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;

/**
 * Resolves schema includes and imports from a fixed set of files only, by bare file name. Anything else (a
 * path, a URL, a DTD) is refused by throwing, so compiling a schema can never reach the network or the rest
 * of the file system, whatever the schema documents say.
 */
final class SchemaResolver implements LSResourceResolver {
    private final Function<String, byte[]> files;
    private final String description;

    /**
     * @param files       bare file name to its bytes, or null if there is no such file
     * @param description where the files come from, for messages
     */
    SchemaResolver(Function<String, byte[]> files, String description) {
        this.files = files;
        this.description = description;
    }

    @Override
    public LSInput resolveResource(String type, String namespaceUri, String publicId, String systemId, String baseUri) {
        if (systemId == null) {
            return null; // an import without schemaLocation: nothing to fetch
        }
        byte[] bytes = isBareName(systemId) ? files.apply(systemId) : null;
        if (bytes == null) {
            throw new Refused("refusing to load '" + systemId + "': only the schema files of " + description
                    + " may be used");
        }
        return new Input(publicId, systemId, baseUri, bytes);
    }

    /** A file name with no directory part and no scheme: "types.xsd", not "../x.xsd" or "http://...". */
    static boolean isBareName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c == ':' || c == '%' || c == '\0') {
                return false;
            }
        }
        return true;
    }

    /** Thrown through the JAXP machinery, which passes runtime exceptions from resolvers on unchanged. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** Just enough LSInput for a byte stream. */
    private static final class Input implements LSInput {
        private String publicId;
        private String systemId;
        private String baseUri;
        private final byte[] bytes;

        Input(String publicId, String systemId, String baseUri, byte[] bytes) {
            this.publicId = publicId;
            this.systemId = systemId;
            this.baseUri = baseUri;
            this.bytes = bytes;
        }

        @Override public Reader getCharacterStream() { return null; }
        @Override public void setCharacterStream(Reader characterStream) { throw new UnsupportedOperationException(); }
        @Override public InputStream getByteStream() { return new ByteArrayInputStream(bytes); }
        @Override public void setByteStream(InputStream byteStream) { throw new UnsupportedOperationException(); }
        @Override public String getStringData() { return null; }
        @Override public void setStringData(String stringData) { throw new UnsupportedOperationException(); }
        @Override public String getSystemId() { return systemId; }
        @Override public void setSystemId(String systemId) { this.systemId = systemId; }
        @Override public String getPublicId() { return publicId; }
        @Override public void setPublicId(String publicId) { this.publicId = publicId; }
        @Override public String getBaseURI() { return baseUri; }
        @Override public void setBaseURI(String baseUri) { this.baseUri = baseUri; }
        @Override public String getEncoding() { return null; }
        @Override public void setEncoding(String encoding) { throw new UnsupportedOperationException(); }
        @Override public boolean getCertifiedText() { return false; }
        @Override public void setCertifiedText(boolean certifiedText) { throw new UnsupportedOperationException(); }
    }
}
