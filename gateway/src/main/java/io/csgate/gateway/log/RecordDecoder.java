package io.csgate.gateway.log;

import io.csgate.common.event.BadEventException;
import io.csgate.common.event.Envelope;
import io.csgate.common.event.EventCodec;
import io.csgate.common.event.Topics;
import io.csgate.common.sign.RecordVerifier;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;

/**
 * The checks of a record that need nothing but the record: its signature (against every accepted
 * key, retired keys by the record's time), its envelope, and for a record whose timestamp is the
 * broker's log-append time, that the signed envelope time lies within {@code window} of it.
 *
 * <p>That last check is what makes a copy produced again later harmless: the producer signs its
 * envelope time, the broker stamps the append time, and a copy gets a new append time it cannot
 * choose. Records with a producer-chosen timestamp ({@code CreateTime}: appended before the topic
 * was switched to {@code LogAppendTime}, or on a topic never switched) are checked as before.
 * Stateless and thread-safe: the reader thread runs it ({@link ApplyQueue}), ahead of the applier.
 */
public final class RecordDecoder {

    private final RecordVerifier verifier;
    private final Duration window;

    /** @param window {@link Duration#ZERO}: envelope times are not checked */
    public RecordDecoder(RecordVerifier verifier, Duration window) {
        this.verifier = verifier;
        this.window = window;
    }

    /**
     * Verifies and decodes one record. Never throws: a record that breaks decoding in a way not
     * foreseen is refused as {@code decode} like any malformed one, so every replica skips it alike
     * and the records after it in the same fetch are still applied.
     */
    Decoded decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return decodeOrThrow(record);
        } catch (RuntimeException e) {
            return Decoded.rejected(record.partition(), record.offset(), null, "decode",
                    "the record could not be decoded: " + e);
        }
    }

    private Decoded decodeOrThrow(ConsumerRecord<byte[], byte[]> record) {
        int p = record.partition();
        long o = record.offset();
        Header sig = record.headers().lastHeader(Topics.SIGNATURE_HEADER);
        Instant at = record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null;
        RecordVerifier.Verdict verdict = verifier.verify(record.value(), sig == null ? null : sig.value(), at);
        switch (verdict) {
            case VALID -> { }
            case UNSIGNED -> {
                return Decoded.rejected(p, o, null, "unsigned", "no " + Topics.SIGNATURE_HEADER + " header");
            }
            case UNKNOWN_KEY -> {
                return Decoded.rejected(p, o, null, "unknown_key", "signed with a key this gateway does not know");
            }
            case REVOKED_KEY -> {
                return Decoded.rejected(p, o, null, "revoked_key", "signed with a key retired before " + at);
            }
            default -> {
                return Decoded.rejected(p, o, null, "signature", "bad record signature");
            }
        }
        Envelope event;
        try {
            event = EventCodec.decode(record.value());
        } catch (BadEventException e) {
            return Decoded.rejected(p, o, null, "decode", e.getMessage());
        }
        boolean bound = record.timestampType() == TimestampType.LOG_APPEND_TIME && !window.isZero();
        if (!bound) {
            Envelope timed = event.time() == null ? event.withTime(Instant.ofEpochMilli(record.timestamp())) : event;
            return new Decoded(p, o, timed, RecentIds.UNBOUND, null, null);
        }
        if (event.time() == null) {
            return Decoded.rejected(p, o, event, "untimed", "no envelope 'time', which records appended to a"
                    + " LogAppendTime topic need");
        }
        // Instants, not Duration.abs(): a negative Duration is negated through BigDecimal.
        if (event.time().isBefore(at.minus(window)) || event.time().isAfter(at.plus(window))) {
            return Decoded.rejected(p, o, event, "out_of_window", "envelope time " + event.time() + " is "
                    + Duration.between(at, event.time()).abs().toMillis() + " ms from the append time " + at
                    + " (record_time_window "
                    + BigDecimal.valueOf(window.toNanos(), 9).stripTrailingZeros().toPlainString() + " s)");
        }
        return new Decoded(p, o, event, micros(event.time()), null, null);
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }
}
