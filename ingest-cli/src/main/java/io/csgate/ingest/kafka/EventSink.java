package io.csgate.ingest.kafka;

import java.util.concurrent.CompletableFuture;

/**
 * Where records go. {@link #send} hands a record value over and returns at once (a Kafka sink may
 * block only while the producer's buffer is full: that is the back-pressure); the outcome arrives
 * later, on another thread, in the returned future and in {@link #deliveries()}. Records keep the
 * order they were sent in. One thread sends; {@link #deliveries()} may be read from any thread.
 */
public interface EventSink extends AutoCloseable {

    /**
     * Sends one record.
     *
     * @param value the envelope bytes, exactly as signed
     * @param signature the {@code cs-signature} header value for {@code value} (see
     *     {@link io.csgate.common.sign.RecordSigner#signBytes}); a dry-run sink accepts null
     * @param messages how many messages the record carries, for the counts
     * @param firstLine input line of the record's first message (0 when not from a file)
     * @return completes with the record's position once acknowledged, or exceptionally
     */
    CompletableFuture<Position> send(byte[] value, byte[] signature, int messages, long firstLine);

    /** Waits until every record sent so far is acknowledged or has failed (bounded by the timeout). */
    void flush();

    Deliveries deliveries();

    /** Flushes and releases the connection. */
    @Override
    void close();
}
