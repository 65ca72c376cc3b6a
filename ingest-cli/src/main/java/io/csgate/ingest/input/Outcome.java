package io.csgate.ingest.input;

/** What a chunk of input turned into, in input order: records to send and lines to report. */
public sealed interface Outcome {

    /**
     * A signed record value, ready to produce.
     *
     * @param signature the {@code cs-signature} header value, or null for a dry run
     * @param messages how many messages (items or envelope lines) it carries
     * @param firstLine the input line of its first message
     */
    record Record(byte[] value, byte[] signature, int messages, long firstLine) implements Outcome {}

    /** An input line that failed validation, and why. */
    record Invalid(long line, String error) implements Outcome {}
}
