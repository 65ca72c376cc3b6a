package io.csgate.gateway.transport;

import io.csgate.common.body.ValidationException;
import io.csgate.common.event.Envelope;
import io.csgate.gateway.log.Waiters;
import io.csgate.gateway.replica.ApplyFailed;
import io.csgate.gateway.replica.EventHandler;
import io.csgate.gateway.replica.Publisher;
import io.csgate.gateway.replica.ReadYourWrites;
import io.csgate.gateway.replica.StateThread;
import io.csgate.gateway.replica.Unavailable;
import io.csgate.gateway.replica.Waiter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The log boundary without Kafka, for the transport tier: what is published is appended to a list
 * and applied, in publish order, on a real state thread ({@code memlog-state}), which also runs every
 * {@link #call}; each caller waiting for its event ({@link #expect}) is answered on its executor.
 *
 * <p>Like the Kafka log it acknowledges an event before it is applied, answers a body the handler
 * rejects with its {@link ValidationException} and any other failure with {@link ApplyFailed}. Tests
 * can make it refuse events ({@link #refuse}: the producer's 503) or acknowledge them without
 * applying them until {@link #release} (a replica that lags: the apply wait times out).
 */
final class InMemoryLog implements Publisher, ReadYourWrites, StateThread, AutoCloseable {

    static final String STATE_THREAD = "memlog-state";

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, STATE_THREAD));
    private final List<Envelope> appended = new CopyOnWriteArrayList<>();
    /** The gateway's own read-your-writes registry, answered here as the applier answers it. */
    private final Waiters waiters = new Waiters();
    /** Acknowledged but not applied yet (while held); state thread only. */
    private final List<Envelope> held = new ArrayList<>();
    private volatile EventHandler handler;
    private volatile Consumer<Runnable> aroundEach = Runnable::run;
    private volatile Unavailable refusal;
    private volatile boolean holding;

    /** What applies the events (set while wiring, before the first publish). */
    void applyWith(EventHandler handler, Consumer<Runnable> aroundEach) {
        this.handler = handler;
        this.aroundEach = aroundEach;
    }

    /** Every event acknowledged so far, in log order. */
    List<Envelope> events() {
        return List.copyOf(appended);
    }

    /** From now on every publish is refused with {@code reason}, as a producer that Kafka refuses; null: accept again. */
    void refuse(Unavailable reason) {
        this.refusal = reason;
    }

    /** From now on events are acknowledged but not applied, until {@link #release}. */
    void hold() {
        holding = true;
    }

    /** Applies what was held, in order, and stops holding. */
    void release() {
        thread.execute(() -> {
            holding = false;
            held.forEach(this::apply);
            held.clear();
        });
    }

    @Override
    public void publish(Envelope event, BooleanSupplier abandoned, Consumer<Unavailable> outcome) {
        Unavailable refused = refusal;
        if (refused != null) {
            outcome.accept(refused);
            return;
        }
        try {
            thread.execute(() -> {
                if (abandoned.getAsBoolean()) {
                    outcome.accept(new Unavailable("abandoned by its caller before it was produced"));
                    return;
                }
                Envelope timed = event.time() != null ? event
                        : Envelope.of(event.id(), event.op(), Instant.now(), event.origin(), event.body());
                appended.add(timed);
                outcome.accept(null);
                if (holding) {
                    held.add(timed);
                } else {
                    apply(timed);
                }
            });
        } catch (RejectedExecutionException e) {
            outcome.accept(new Unavailable("the in-memory log is closed"));
        }
    }

    /** State thread. */
    private void apply(Envelope event) {
        aroundEach.accept(() -> {
            Object result = null;
            Throwable error = null;
            try {
                result = handler.apply(event);
            } catch (ValidationException e) {
                error = e;
            } catch (RuntimeException e) {
                error = new ApplyFailed(e);
            }
            waiters.answer(event.id(), result, error);
            waiters.handOver();
        });
    }

    @Override
    public Waiter expect(String eventId, Executor where, BiConsumer<Object, Throwable> then) {
        return waiters.expect(eventId, where, then);
    }

    @Override
    public <T> CompletableFuture<T> call(Supplier<T> work) {
        CompletableFuture<T> out = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    out.complete(work.get());
                } catch (RuntimeException e) {
                    out.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            out.completeExceptionally(e);
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
            thread.shutdownNow();
        }
        waiters.close();
    }
}
