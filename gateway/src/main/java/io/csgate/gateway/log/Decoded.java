package io.csgate.gateway.log;

import io.csgate.common.event.Envelope;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record checked by {@link RecordDecoder}: an event to apply, or why the record is skipped (the
 * event too when it could be decoded, so that a caller waiting for it can be told).
 *
 * @param micros the envelope time when the record is bound to its append time, else
 *     {@link RecentIds#UNBOUND}
 * @param rejectReason null for an event to apply; else the {@code reason} tag of the rejection
 */
record Decoded(ConsumerRecord<byte[], byte[]> record, Envelope event, long micros, String rejectReason, String why) {

    static Decoded rejected(ConsumerRecord<byte[], byte[]> record, Envelope event, String reason, String why) {
        return new Decoded(record, event, RecentIds.UNBOUND, reason, why);
    }
}
