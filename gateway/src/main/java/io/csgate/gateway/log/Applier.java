package io.csgate.gateway.log;

import io.csgate.common.body.ValidationException;
import io.csgate.common.event.Envelope;
import io.csgate.common.event.Op;
import io.csgate.gateway.replica.Backpressure;
import io.csgate.gateway.replica.EventHandler;
import io.csgate.gateway.replica.StateThread;
import io.csgate.gateway.metrics.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: one thread, {@code csgate-applier}, verifies, decodes and applies every
 * record in log order through the {@link EventHandler}, and runs every query on the same thread
 * ({@link #call}), so the state needs no locks.
 *
 * <p>Read-your-writes: a REST handler calls {@link #expect} with its event id before producing,
 * and its callback gets the handler's result when this replica applies that record. Results are
 * handed over once per applied batch and executor (one task per Undertow IO thread, not one
 * wake-up per request). A record that fails a check ({@link RecordDecoder}, then the duplicate-id
 * window {@link RecentIds}) is counted by reason, logged (rate-limited) and skipped; a caller
 * waiting for such a record is told at once ({@link RecordRejectedException}).
 */
public final class Applier implements RecordSink, StateThread, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Applier.class);
    static final int RECENT_IDS = 100_000;

    /** Longest reason text in a rejection warning: a record's own text can be as long as the record. */
    private static final int MAX_WHY = 300;

    private final RecordDecoder decoder;
    private final EventHandler handler;
    private final MeterRegistry registry;
    private final ExecutorService thread;
    private final Map<String, Waiter> pending = new ConcurrentHashMap<>();
    /** Results of the batch being applied, per executor; applier thread only. */
    private final Map<Executor, List<Runnable>> answers = new HashMap<>();
    private final Map<Op, Counter> appliedCounters = new EnumMap<>(Op.class);
    private final RecentIds recent;
    private final RateLimitedLog rejectLog = new RateLimitedLog(log, 10_000);
    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
    private final AtomicLong appliedCount = new AtomicLong();

    public Applier(RecordDecoder decoder, EventHandler handler, MeterRegistry registry) {
        this(decoder, handler, registry, RECENT_IDS);
    }

    /** The seam for tests: a duplicate-id window of {@code recentIds} ids. */
    Applier(RecordDecoder decoder, EventHandler handler, MeterRegistry registry, int recentIds) {
        this.decoder = decoder;
        this.handler = handler;
        this.registry = registry;
        this.recent = new RecentIds(recentIds);
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "csgate-applier");
            t.setDaemon(true);
            return t;
        });
    }

    private volatile Runnable afterBatch = () -> { };
    private volatile Consumer<Runnable> aroundBatch = Runnable::run;
    /** Chunks handed over and not yet applied, at most {@link #MAX_QUEUED_BATCHES}: bounds a replay's memory. */
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
    private final java.util.concurrent.Semaphore queuedBatches = new java.util.concurrent.Semaphore(MAX_QUEUED_BATCHES);
    private final java.util.concurrent.Semaphore queuedKib = new java.util.concurrent.Semaphore(MAX_QUEUED_BYTES / 1024);

    /**
     * Takes a batch on the reader's thread, in chunks of about {@link #CHUNK_BYTES}: signatures are
     * checked and events decoded here, in parallel with the applier applying the previous chunk;
     * only applying is single-threaded (see {@link #holdBackWhile} for when the reader waits). The reader waits before decoding a chunk while the applier
     * is {@link #MAX_QUEUED_BATCHES} chunks or {@link #MAX_QUEUED_BYTES} behind (a long replay, a
     * burst from the ingest CLI), so decoded events waiting in memory stay bounded.
     */
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

    private void handOver(List<ConsumerRecord<byte[], byte[]>> chunk, int kib) {
        List<Decoded> decoded = new java.util.ArrayList<>(chunk.size());
        for (ConsumerRecord<byte[], byte[]> record : chunk) {
            decoded.add(decoder.decode(record));
        }
        holdBack();
        boolean queued = execute(() -> {
            try {
                aroundBatch.accept(() -> {
                    try {
                        decoded.forEach(this::apply);
                    } finally {
                        handOverAnswers();
                    }
                    afterBatch.run();
                });
            } finally {
                release(kib);
            }
        });
        if (!queued) {
            release(kib);
        }
    }

    private void release(int kib) {
        queuedKib.release(kib);
        queuedBatches.release();
    }

    private volatile Backpressure backpressure = Backpressure.NONE;
    private final java.util.concurrent.atomic.LongAdder heldBackNanos = new java.util.concurrent.atomic.LongAdder();
    /** Longest wait for {@link Backpressure} per chunk; past it, the chunk goes anyway. */
    static final long MAX_HOLD_BACK_NANOS = TimeUnit.SECONDS.toNanos(5);

    /**
     * Before handing over a decoded chunk, the reader waits while the transport is
     * {@link Backpressure#behind}, and, while it is {@link Backpressure#delivering}, until the
     * chunk before has been applied (so what is applied after the transport says "behind" is at
     * most about two chunks, not the eight a replay may queue); at most
     * {@link #MAX_HOLD_BACK_NANOS} at a time. Events then wait in Kafka rather than
     * in memory. The applier thread itself never waits, so queries still run.
     */
    public void holdBackWhile(Backpressure backpressure) {
        this.backpressure = backpressure;
    }

    /** Seconds the reader has waited so far for {@link #holdBackWhile}. */
    public double heldBackSeconds() {
        return heldBackNanos.sum() / 1e9;
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
        while (mustHoldBack(b) && System.nanoTime() - t0 < MAX_HOLD_BACK_NANOS && !thread.isShutdown()) {
            java.util.concurrent.locks.LockSupport.parkNanos(500_000);
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        heldBackNanos.add(System.nanoTime() - t0);
    }

    /**
     * Wraps the applying of each batch (the transport defers its IO-thread wake-ups to the end of
     * the batch, so a socket gets all of a batch's frames in one write).
     */
    public void aroundEachBatch(Consumer<Runnable> scope) {
        this.aroundBatch = scope;
    }

    /** Runs {@code task} on the applier thread after each applied batch (snapshots hook in here). */
    public void afterEachBatch(Runnable task) {
        this.afterBatch = task;
    }

    /** The duplicate-id window, for a snapshot; call on the applier thread. */
    public IdWindow recentIds() {
        return recent.snapshot();
    }

    /**
     * Restores what a snapshot recorded, before any record is applied: the duplicate-id window and
     * the positions the snapshot was taken at.
     */
    public void restore(IdWindow recentIds, Map<Integer, Long> positions) {
        execute(() -> {
            recent.restore(recentIds);
            applied.putAll(positions);
        });
    }

    /** Runs {@code query} on the applier thread, between two records. */
    @Override
    public <T> CompletableFuture<T> call(Supplier<T> query) {
        CompletableFuture<T> out = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    out.complete(query.get());
                } catch (RuntimeException e) {
                    out.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            out.completeExceptionally(e);
        }
        return out;
    }

    /**
     * Registers interest in the result of event {@code id}; call before producing it. {@code then}
     * runs exactly once, on {@code where}: with the handler's result (or its exception) when this
     * replica applies the event, or with the error given to {@link Waiter#fail} if that comes first.
     */
    public Waiter expect(String id, Executor where, BiConsumer<Object, Throwable> then) {
        Waiter w = new Waiter(id, where, then);
        pending.put(id, w);
        return w;
    }

    /** One caller waiting for its event to be applied. Thread-safe; completes once. */
    public final class Waiter {
        private final String id;
        private final Executor where;
        private final BiConsumer<Object, Throwable> then;
        private final AtomicBoolean done = new AtomicBoolean();

        private Waiter(String id, Executor where, BiConsumer<Object, Throwable> then) {
            this.id = id;
            this.where = where;
            this.then = then;
        }

        /**
         * Ends the wait with {@code error} (producer failure, timeout), unless the event was applied
         * first. Runs the callback on its executor, or inline when called on it ({@code here}).
         *
         * @return false when the wait had already ended
         */
        public boolean fail(Throwable error, boolean here) {
            if (!claim()) {
                return false;
            }
            if (here) {
                then.accept(null, error);
            } else {
                where.execute(() -> then.accept(null, error));
            }
            return true;
        }

        /** True once the wait has ended (answered, failed or timed out). */
        public boolean done() {
            return done.get();
        }

        private boolean claim() {
            if (!done.compareAndSet(false, true)) {
                return false;
            }
            pending.remove(id, this);
            return true;
        }
    }

    private void answer(Waiter w, Object result, Throwable error) {
        if (w != null && w.claim()) {
            answers.computeIfAbsent(w.where, e -> new ArrayList<>()).add(() -> w.then.accept(result, error));
        }
    }

    private void handOverAnswers() {
        if (answers.isEmpty()) {
            return;
        }
        for (Map.Entry<Executor, List<Runnable>> e : answers.entrySet()) {
            List<Runnable> tasks = e.getValue();
            try {
                e.getKey().execute(() -> tasks.forEach(Applier::runGuarded));
            } catch (RejectedExecutionException stopped) {
                log.debug("{} answers dropped: their executor stopped", tasks.size());
            }
        }
        answers.clear();
    }

    private static void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("answering a caller failed", e);
        }
    }

    private void apply(Decoded decoded) {
        ConsumerRecord<byte[], byte[]> record = decoded.record();
        applied.put(record.partition(), record.offset() + 1);
        appliedCount.incrementAndGet();
        Envelope event = decoded.event();
        if (decoded.rejectReason() != null) {
            reject(decoded.rejectReason(), record, decoded.why());
            if (event != null) {
                answer(pending.get(event.id()), null, new RecordRejectedException(decoded.rejectReason(), decoded.why()));
            }
            return;
        }
        switch (recent.add(event.id(), decoded.micros())) {
            case DUPLICATE -> {
                reject("duplicate", record, "event id " + event.id() + " was applied already");
                return;
            }
            case BELOW_FLOOR -> {
                String why = "envelope time " + event.time() + " is not after the newest time the duplicate-id window"
                        + " has let go of (it keeps " + recent.capacity() + " ids)";
                reject("out_of_window", record, why);
                answer(pending.get(event.id()), null, new RecordRejectedException("out_of_window", why));
                return;
            }
            case ADDED -> { }
        }
        Waiter waiter = pending.get(event.id());
        try {
            Object result = handler.apply(event);
            appliedCounters.computeIfAbsent(event.op(),
                    op -> registry.counter(Meters.EVENTS_APPLIED, "op", op.wireName())).increment();
            answer(waiter, result, null);
        } catch (ValidationException e) {
            reject("invalid", record, event.op().wireName() + " " + event.id() + ": " + e.errors());
            answer(waiter, null, e);
        } catch (RuntimeException e) {
            // A bug, not bad input: count it, keep the replica going, answer the caller.
            log.error("applying {} {} at {}-{} failed", event.op().wireName(), event.id(), record.partition(),
                    record.offset(), e);
            counter("error").increment();
            answer(waiter, null, e);
        }
    }

    private void reject(String reason, ConsumerRecord<byte[], byte[]> record, String why) {
        counter(reason).increment();
        String shown = why == null || why.length() <= MAX_WHY ? why : why.substring(0, MAX_WHY) + "... ("
                + why.length() + " characters)";
        rejectLog.warn("skipped record {}-{} ({}): {}", record.partition(), record.offset(), reason, shown);
    }

    private Counter counter(String reason) {
        return registry.counter(Meters.RECORDS_REJECTED, "reason", reason);
    }

    /** Next offset to apply, per partition, as far as this replica has applied. */
    public Map<Integer, Long> appliedPositions() {
        return Map.copyOf(applied);
    }

    public long appliedCount() {
        return appliedCount.get();
    }

    private boolean awaitRoom(int kib) {
        boolean chunk = false;
        try {
            while (!queuedBatches.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (thread.isShutdown()) {
                    return false;
                }
            }
            chunk = true;
            while (!queuedKib.tryAcquire(kib, 100, TimeUnit.MILLISECONDS)) {
                if (thread.isShutdown()) {
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

    private boolean execute(Runnable task) {
        try {
            thread.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            log.debug("applier stopped; task dropped");
            return false;
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
        pending.values().forEach(w -> w.fail(new IllegalStateException("gateway stopping"), false));
    }
}
