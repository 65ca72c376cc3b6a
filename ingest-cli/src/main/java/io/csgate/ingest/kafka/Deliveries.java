package io.csgate.ingest.kafka;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Records and messages sent, acknowledged and failed. Written by the sending thread and the
 * producer's callback thread, read by anyone: every counter is atomic (a snapshot of several
 * counters may mix moments).
 */
public final class Deliveries {

    private final AtomicLong recordsSent = new AtomicLong();
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong recordsAcked = new AtomicLong();
    private final AtomicLong messagesAcked = new AtomicLong();
    private final AtomicLong recordsFailed = new AtomicLong();
    private final AtomicLong messagesFailed = new AtomicLong();
    private final LongAccumulator firstFailedLine = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final AtomicReference<String> firstError = new AtomicReference<>();

    void sent(int messages) {
        recordsSent.incrementAndGet();
        messagesSent.addAndGet(messages);
    }

    void acked(int messages) {
        recordsAcked.incrementAndGet();
        messagesAcked.addAndGet(messages);
    }

    void failed(int messages, long firstLine, String error) {
        firstError.compareAndSet(null, error);
        if (firstLine > 0) {
            firstFailedLine.accumulate(firstLine);
        }
        messagesFailed.addAndGet(messages);
        recordsFailed.incrementAndGet();
    }

    public long recordsSent() {
        return recordsSent.get();
    }

    public long messagesSent() {
        return messagesSent.get();
    }

    public long recordsAcked() {
        return recordsAcked.get();
    }

    public long messagesAcked() {
        return messagesAcked.get();
    }

    public long recordsFailed() {
        return recordsFailed.get();
    }

    public long messagesFailed() {
        return messagesFailed.get();
    }

    public boolean anyFailed() {
        return recordsFailed.get() > 0;
    }

    /** The first error Kafka reported, or null. */
    public String firstError() {
        return firstError.get();
    }

    /** The first input line of the earliest failed record, or 0 when none failed (or not from a file). */
    public long firstFailedLine() {
        long l = firstFailedLine.get();
        return l == Long.MAX_VALUE ? 0 : l;
    }
}
