package io.csgate.gateway.log;

import io.csgate.gateway.replica.EventHandler;
import io.csgate.gateway.replica.Waiter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The applying half of the log as the gateway wires it, without Kafka: records handed to
 * {@link #accept} go through the {@link ApplyQueue} (decoded on the caller's thread, bounded) to
 * the {@link Applier} on a real {@link ApplierThread}, which answers the {@link Waiters}.
 */
final class ApplierRig implements AutoCloseable {

    final ApplierThread thread = new ApplierThread();
    final Waiters waiters = new Waiters();
    final AppliedPositions positions = new AppliedPositions();
    final Applier applier;
    final ApplyQueue queue;

    ApplierRig(RecordDecoder decoder, EventHandler handler, MeterRegistry registry) {
        this(decoder, handler, registry, Applier.RECENT_IDS);
    }

    ApplierRig(RecordDecoder decoder, EventHandler handler, MeterRegistry registry, int recentIds) {
        this.applier = new Applier(handler, waiters, positions, registry, recentIds);
        this.queue = new ApplyQueue(decoder, applier, thread);
    }

    /** As the log reader hands over a fetched batch (this thread waits while the applier is far behind). */
    void accept(List<ConsumerRecord<byte[], byte[]>> batch) {
        queue.accept(batch);
    }

    <T> CompletableFuture<T> call(Supplier<T> work) {
        return thread.call(work);
    }

    Waiter expect(String id, Executor where, BiConsumer<Object, Throwable> then) {
        return waiters.expect(id, where, then);
    }

    @Override
    public void close() {
        thread.close();
        waiters.close();
    }
}
