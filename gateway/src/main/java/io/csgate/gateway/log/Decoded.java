package io.csgate.gateway.log;

import io.csgate.common.event.Envelope;

/**
 * A record checked by {@link RecordDecoder}, with its place in the log: an event to apply, or why
 * the record is skipped (the event too when it could be decoded, so that a caller waiting for it
 * can be told). Holds no Kafka type: what is applied is this, not the consumer's record.
 *
 * @param partition the record's partition
 * @param offset the record's offset in its partition
 * @param micros the envelope time when the record is bound to its append time, else
 *     {@link RecentIds#UNBOUND}
 * @param rejectReason null for an event to apply; else the {@code reason} tag of the rejection
 */
record Decoded(int partition, long offset, Envelope event, long micros, String rejectReason, String why) {

    static Decoded rejected(int partition, long offset, Envelope event, String reason, String why) {
        return new Decoded(partition, offset, event, RecentIds.UNBOUND, reason, why);
    }

    /** Where the record is, as the log's warnings name it: {@code partition-offset}. */
    String where() {
        return partition + "-" + offset;
    }
}
