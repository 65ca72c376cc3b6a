package io.csgate.gateway.log;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Receives the records of the events topic in log order, one poll's batch at a time. */
public interface RecordSink {
    /** Called on the reader thread; must not block for long (hand the batch to another thread). */
    void accept(List<ConsumerRecord<byte[], byte[]>> batch);
}
