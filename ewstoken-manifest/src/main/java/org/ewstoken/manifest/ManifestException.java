package org.ewstoken.manifest;

import java.util.Objects;

/**
 * A manifest that cannot be installed. The message names the problem and where it is (a line and column
 * for XML, a JSON pointer for JSON, a URL for fetching), so that an administrator can fix the file.
 * An expected outcome of reading untrusted input, so it carries no stack trace.
 */
public final class ManifestException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What is wrong, for callers that answer differently per kind (e.g. an EWS response code). */
    public enum Problem {
        /** Larger than the configured maximum. */
        TOO_LARGE,
        /** Neither XML nor JSON. */
        UNKNOWN_FORMAT,
        /** Not well-formed XML or JSON. */
        NOT_WELL_FORMED,
        /** A DOCTYPE or an entity reference: never allowed (XXE, billion laughs). */
        DTD_NOT_ALLOWED,
        /** Deeper, longer or bigger in some part than the parser allows. */
        LIMIT_EXCEEDED,
        /** Well-formed, but not an Outlook (mail) add-in manifest. */
        NOT_A_MAIL_ADD_IN,
        /** No add-in id. */
        MISSING_ID,
        /** An add-in id that is not a GUID. */
        INVALID_ID,
        /** A required element or member other than the id is missing. */
        MISSING_ELEMENT,
        /** A value of the wrong type or outside its allowed values. */
        INVALID_VALUE,
        /** No SourceLocation (XML) or audienceClaimUrl (JSON) usable as the identity token's audience. */
        NO_AUDIENCE,
        /** The manifest could not be downloaded. */
        FETCH_FAILED
    }

    private final Problem problem;
    private final String where;

    /**
     * @param problem what kind of problem
     * @param where   where in the document or which URL, e.g. {@code line 3, column 5} or {@code /extensions/0};
     *                null when it concerns the whole document
     * @param detail  what exactly is wrong, as a sentence
     */
    public ManifestException(Problem problem, String where, String detail) {
        super(where == null ? detail : detail + " (" + where + ")", null, false, false);
        this.problem = Objects.requireNonNull(problem, "problem");
        this.where = where;
    }

    public Problem problem() {
        return problem;
    }

    /** Where the problem is, or null when it concerns the whole document. */
    public String where() {
        return where;
    }
}
