package io.csgate.gateway.log;

import io.csgate.common.body.ValidationException;
import io.csgate.common.event.Envelope;
import io.csgate.common.event.Op;
import io.csgate.gateway.metrics.Meters;
import io.csgate.gateway.model.LogPosition;
import io.csgate.gateway.metrics.RateLimitedLog;
import io.csgate.gateway.replica.ApplyFailed;
import io.csgate.gateway.replica.EventHandler;
import io.csgate.gateway.replica.Unavailable;
import io.csgate.gateway.trace.Hop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: applies decoded records to the replica in log order, one chunk at a time.
 * Each record moves the {@link AppliedPositions}; a record that failed a check (its
 * {@link RecordDecoder} verdict, then the duplicate-id window {@link RecentIds}) is counted by
 * reason, logged (rate-limited) and skipped; any other goes to the {@link EventHandler}, and its
 * result or error to the caller waiting for it ({@link Waiters}), handed over at the end of the
 * chunk.
 *
 * <p>Thread contract: runs as a task of the state thread ({@link ApplierThread}) only, on
 * {@code csgate-applier} or on the reader's thread when the state thread is idle, one task at a
 * time either way; the same holds for the duplicate-id window it owns. It never waits. {@link ApplyQueue} decides what
 * reaches it, and when.
 */
public final class Applier {

    private static final Logger log = LoggerFactory.getLogger(Applier.class);
    static final int RECENT_IDS = 100_000;
    /** Longest reason text in a rejection warning: a record's own text can be as long as the record. */
    private static final int MAX_WHY = 300;

    private final EventHandler handler;
    private final Waiters waiters;
    private final AppliedPositions positions;
    private final MeterRegistry registry;
    private final RecentIds recent;
    private final Map<Op, Counter> appliedCounters = new EnumMap<>(Op.class);
    private final RateLimitedLog rejectLog = new RateLimitedLog(log, 10_000);
    private volatile Runnable afterBatch = () -> { };
    private volatile Consumer<Runnable> aroundBatch = Runnable::run;
    /** The topic's incarnation ({@link LogEpoch}); null: events are applied without positions. */
    private volatile String epoch;

    public Applier(EventHandler handler, Waiters waiters, AppliedPositions positions, MeterRegistry registry) {
        this(handler, waiters, positions, registry, RECENT_IDS);
    }

    /** The seam for tests: a duplicate-id window of {@code recentIds} ids. */
    Applier(EventHandler handler, Waiters waiters, AppliedPositions positions, MeterRegistry registry,
            int recentIds) {
        this.handler = handler;
        this.waiters = waiters;
        this.positions = positions;
        this.registry = registry;
        this.recent = new RecentIds(recentIds);
    }

    /**
     * Wraps the applying of each chunk (the transport defers its IO-thread wake-ups to the end of
     * the chunk, so a socket gets all of a chunk's frames in one write). Set while wiring.
     */
    public void aroundEachBatch(Consumer<Runnable> scope) {
        this.aroundBatch = scope;
    }

    /** The log's epoch, which positions of applied events name. Set while wiring, before the reader starts. */
    public void inEpoch(String epoch) {
        this.epoch = epoch;
    }

    /** Runs {@code task} on the state thread after each applied chunk (snapshots hook in here). Set while wiring. */
    public void afterEachBatch(Runnable task) {
        this.afterBatch = task;
    }

    /** Applies one chunk, in order, then hands the callers their answers. */
    void apply(List<Decoded> chunk) {
        if (Hop.on()) {
            for (Decoded d : chunk) {
                if (d.event() != null) {
                    Hop.at(Hop.APPLYING, d.event().id());
                }
            }
        }
        aroundBatch.accept(() -> {
            try {
                chunk.forEach(this::apply);
            } finally {
                waiters.handOver();
            }
            afterBatch.run();
        });
    }

    /** The duplicate-id window, for a snapshot. */
    public IdWindow recentIds() {
        return recent.snapshot();
    }

    /** Restores what a snapshot recorded, before any record is applied. */
    public void restore(IdWindow recentIds, Map<Integer, Long> at) {
        recent.restore(recentIds);
        positions.restore(at);
    }

    private void apply(Decoded decoded) {
        positions.applied(decoded.partition(), decoded.offset());
        Envelope event = decoded.event();
        if (decoded.rejectReason() != null) {
            reject(decoded.rejectReason(), decoded, decoded.why());
            if (event != null) {
                waiters.answer(event.id(), null, Unavailable.skipped(decoded.rejectReason(), decoded.why()));
            }
            return;
        }
        switch (recent.add(event.id(), decoded.micros())) {
            case DUPLICATE -> {
                reject("duplicate", decoded, "event id " + event.id() + " was applied already");
                return;
            }
            case BELOW_FLOOR -> {
                String why = "envelope time " + event.time() + " is not after the newest time the duplicate-id window"
                        + " has let go of (it keeps " + recent.capacity() + " ids)";
                reject("out_of_window", decoded, why);
                waiters.answer(event.id(), null, Unavailable.skipped("out_of_window", why));
                return;
            }
            case ADDED -> { }
        }
        try {
            String e = epoch;
            Object result = handler.apply(event, e == null ? null
                    : LogPosition.of(e, decoded.partition(), decoded.offset()));
            Hop.at(Hop.APPLIED, event.id());
            appliedCounters.computeIfAbsent(event.op(),
                    op -> registry.counter(Meters.EVENTS_APPLIED, "op", op.wireName())).increment();
            waiters.answer(event.id(), result, null);
        } catch (ValidationException e) {
            reject("invalid", decoded, event.op().wireName() + " " + event.id() + ": " + e.errors());
            waiters.answer(event.id(), null, e);
        } catch (RuntimeException e) {
            // A bug, not bad input: count it, keep the replica going, answer the caller.
            log.error("applying {} {} at {} failed", event.op().wireName(), event.id(), decoded.where(), e);
            counter("error").increment();
            waiters.answer(event.id(), null, new ApplyFailed(e));
        }
    }

    private void reject(String reason, Decoded decoded, String why) {
        counter(reason).increment();
        String shown = why == null || why.length() <= MAX_WHY ? why : why.substring(0, MAX_WHY) + "... ("
                + why.length() + " characters)";
        rejectLog.warn("skipped record {} ({}): {}", decoded.where(), reason, shown);
    }

    private Counter counter(String reason) {
        return registry.counter(Meters.RECORDS_REJECTED, "reason", reason);
    }
}
