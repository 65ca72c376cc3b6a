package io.csgate.ingest.command;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Acknowledges the first {@code okCount} records, then fails every record as an unreachable broker does. */
final class FailingProducer extends MockProducer<byte[], byte[]> {

    private final int okCount;
    private int sent;

    FailingProducer(int okCount) {
        super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        this.okCount = okCount;
    }

    @Override
    public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        if (sent++ < okCount) {
            return super.send(record, callback);
        }
        TimeoutException e = new TimeoutException("Expiring 1 record(s) for events-0: 30000 ms has passed");
        callback.onCompletion(null, e);
        return CompletableFuture.failedFuture(e);
    }
}
