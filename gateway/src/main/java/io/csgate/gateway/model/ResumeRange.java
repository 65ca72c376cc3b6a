package io.csgate.gateway.model;

/**
 * Records to read again from the log for a client: those after {@code from} (the rest of its
 * record when it names one item) and before {@code endOffset}, in {@code from}'s partition.
 */
public record ResumeRange(LogPosition from, long endOffset) {

    /** The first offset to read. */
    public long firstOffset() {
        return from.index() >= 0 ? from.offset() : from.offset() + 1;
    }

    /** How many records the range spans. */
    public long records() {
        return Math.max(0, endOffset - firstOffset());
    }
}
