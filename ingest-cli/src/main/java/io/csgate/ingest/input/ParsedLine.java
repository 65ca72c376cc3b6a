package io.csgate.ingest.input;

/**
 * What one input line is. A {@link Kind#MESSAGE} line's record bytes are the line itself (it is
 * batched with its neighbours); an {@link Kind#ENVELOPE} line carries its own record value.
 *
 * @param value the record value of an envelope line, else null
 * @param error why an invalid line is invalid (one line of text), else null
 */
public record ParsedLine(Kind kind, byte[] value, String error) {

    /** The kinds of line. */
    public enum Kind {
        /** Empty or only whitespace: skipped, not counted. */
        BLANK,
        /** One {@code POST /message} item. */
        MESSAGE,
        /** A full event envelope (any API operation). */
        ENVELOPE,
        /** Fails validation; reported with its line number and skipped. */
        INVALID
    }

    static final ParsedLine BLANK = new ParsedLine(Kind.BLANK, null, null);
    static final ParsedLine MESSAGE = new ParsedLine(Kind.MESSAGE, null, null);

    static ParsedLine envelope(byte[] value) {
        return new ParsedLine(Kind.ENVELOPE, value, null);
    }

    static ParsedLine invalid(String error) {
        return new ParsedLine(Kind.INVALID, null, error);
    }
}
