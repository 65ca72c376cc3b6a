package io.csgate.gateway.log;

import io.csgate.gateway.replica.Backpressure;
import io.csgate.gateway.trace.Hop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The bounded hand-over from the log reader to the state thread. Each fetched batch is cut into
 * chunks of about {@link #CHUNK_BYTES} of records; each chunk is verified and decoded
 * ({@link RecordDecoder}) here, in parallel with the {@link Applier} applying the chunk before it,
 * and then queued on the {@link ApplierThread}. At most {@link #MAX_QUEUED_BATCHES} chunks and
 * {@link #MAX_QUEUED_BYTES} of records wait there (a long replay, a burst from the ingest CLI), so
 * decoded events waiting in memory stay bounded; and while the transport is behind
 * ({@link #holdBackWhile}) chunks wait here, the rest in Kafka.
 *
 * <p>Thread contract: {@link #accept} runs on the reader's thread ({@code csgate-log-reader}) and
 * is where that thread waits; the chunks run as tasks of the {@link ApplierThread}: on
 * {@code csgate-applier}, which never waits for this, or, when that thread has nothing to do, on
 * the reader's thread itself ({@link ApplierThread#runHereIfIdle}), one at a time either way.
 */
public final class ApplyQueue implements RecordSink {

    /** Chunks handed over and not yet applied, at most this many: bounds a replay's memory. */
    static final int MAX_QUEUED_BATCHES = 8;
    /**
     * Record bytes handed over and not yet applied, at most this (in KiB permits): a decoded event
     * takes several times its record's size, and one fetch can hold thousands of records of 100
     * messages each (the ingest CLI's). Counting batches alone let a 5,000,000-line CLI run fill
     * a 512 MB gateway heap while the applier was behind.
     */
    static final int MAX_QUEUED_BYTES = 4 * 1024 * 1024;
    /** A fetched batch is decoded and handed over in chunks of about this many record bytes. */
    static final int CHUNK_BYTES = 256 * 1024;
    /** Longest wait for {@link Backpressure} per chunk; past it, the chunk goes anyway. */
    static final long MAX_HOLD_BACK_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final RecordDecoder decoder;
    private final Applier applier;
    private final ApplierThread thread;
    private final Semaphore queuedBatches = new Semaphore(MAX_QUEUED_BATCHES);
    private final Semaphore queuedKib = new Semaphore(MAX_QUEUED_BYTES / 1024);
    private final LongAdder heldBackNanos = new LongAdder();
    private volatile Backpressure backpressure = Backpressure.NONE;

    public ApplyQueue(RecordDecoder decoder, Applier applier, ApplierThread thread) {
        this.decoder = decoder;
        this.applier = applier;
        this.thread = thread;
    }

    /**
     * Before handing over a decoded chunk, the reader waits while the transport is
     * {@link Backpressure#behind}, and, while it is {@link Backpressure#delivering}, until the
     * chunk before has been applied (so what is applied after the transport says "behind" is at
     * most about two chunks, not the eight a replay may queue); at most
     * {@link #MAX_HOLD_BACK_NANOS} at a time. Events then wait in Kafka rather than in memory.
     * The state thread itself never waits, so queries still run. Set while wiring.
     */
    public void holdBackWhile(Backpressure backpressure) {
        this.backpressure = backpressure;
    }

    /** Seconds the reader has waited so far for {@link #holdBackWhile}. */
    public double heldBackSeconds() {
        return heldBackNanos.sum() / 1e9;
    }

    @Override
    public void accept(List<ConsumerRecord<byte[], byte[]>> batch) {
        int from = 0;
        while (from < batch.size()) {
            int to = from;
            long bytes = 0;
            while (to < batch.size() && (to == from || bytes < CHUNK_BYTES)) {
                byte[] value = batch.get(to).value();
                bytes += value == null ? 0 : value.length;
                to++;
            }
            int kib = (int) Math.max(1, Math.min(MAX_QUEUED_BYTES / 1024, (bytes + 1023) / 1024));
            if (!awaitRoom(kib)) {
                return; // stopping
            }
            handOver(batch.subList(from, to), kib);
            from = to;
        }
    }

    private void handOver(List<ConsumerRecord<byte[], byte[]>> records, int kib) {
        List<Decoded> chunk = new ArrayList<>(records.size());
        boolean hops = Hop.on();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Hop fetched = hops ? new Hop() : null;
            if (fetched != null) {
                fetched.begin(); // the hop's time is before decoding; its duration is the decoding
            }
            Decoded decoded = decoder.decode(record);
            chunk.add(decoded);
            if (fetched != null && decoded.event() != null) {
                fetched.commitAt(Hop.FETCHED, decoded.event().id());
            }
        }
        holdBack();
        Runnable apply = () -> {
            try {
                applier.apply(chunk);
            } finally {
                release(kib);
            }
        };
        // An idle state thread is not woken: this thread applies the chunk itself (ApplierThread).
        boolean done = thread.runHereIfIdle(apply) || thread.execute(apply);
        if (!done) {
            release(kib);
        }
    }

    private boolean awaitRoom(int kib) {
        boolean chunk = false;
        try {
            while (!queuedBatches.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (thread.stopped()) {
                    return false;
                }
            }
            chunk = true;
            while (!queuedKib.tryAcquire(kib, 100, TimeUnit.MILLISECONDS)) {
                if (thread.stopped()) {
                    queuedBatches.release();
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            if (chunk) {
                queuedBatches.release();
            }
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void release(int kib) {
        queuedKib.release(kib);
        queuedBatches.release();
    }

    /** Called with this chunk's permits taken: others are ahead of it when more than one is out. */
    private boolean mustHoldBack(Backpressure b) {
        return b.behind() || (b.delivering() && MAX_QUEUED_BATCHES - queuedBatches.availablePermits() > 1);
    }

    private void holdBack() {
        Backpressure b = backpressure;
        if (!mustHoldBack(b)) {
            return;
        }
        long t0 = System.nanoTime();
        while (mustHoldBack(b) && System.nanoTime() - t0 < MAX_HOLD_BACK_NANOS && !thread.stopped()) {
            LockSupport.parkNanos(500_000);
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        heldBackNanos.add(System.nanoTime() - t0);
    }
}
