package io.csgate.gateway.log;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Receives the records of a topic in log order, one poll's batch at a time, from a {@link LogReader}. */
public interface RecordSink {
    /**
     * Called on the reader's thread. It may wait there (the reader then stops fetching: the
     * records wait in Kafka), but only for a bounded time, and never for this reader's own thread.
     */
    void accept(List<ConsumerRecord<byte[], byte[]>> batch);
}
