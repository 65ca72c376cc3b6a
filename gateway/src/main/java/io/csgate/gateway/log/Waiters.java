package io.csgate.gateway.log;

import io.csgate.gateway.replica.ReadYourWrites;
import io.csgate.gateway.replica.Waiter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callers waiting for their own events (read-your-writes). A caller registers from its own
 * thread ({@link #expect}); the {@link Applier} answers it on the state thread when the event is
 * applied or skipped ({@link #answer}); the answers of one applied batch are handed to each
 * caller's executor as one task at the end of the batch ({@link #handOver}), so a busy IO thread
 * is woken once per batch, not once per request.
 *
 * <p>Thread contract: {@link #expect}, {@link Waiter#fail} and {@link #close} from any thread;
 * {@link #answer} and {@link #handOver} on the state thread only (they share its batch of answers).
 */
public final class Waiters implements ReadYourWrites, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Waiters.class);

    private final Map<String, Entry> pending = new ConcurrentHashMap<>();
    /** Answers of the batch being applied, per executor; state thread only. */
    private final Map<Executor, List<Runnable>> answers = new HashMap<>();

    @Override
    public Waiter expect(String eventId, Executor where, BiConsumer<Object, Throwable> then) {
        Entry w = new Entry(eventId, where, then);
        pending.put(eventId, w);
        return w;
    }

    /** State thread: event {@code eventId} was applied (or skipped); its caller, if any, gets this at {@link #handOver}. */
    public void answer(String eventId, Object result, Throwable error) {
        Entry w = pending.get(eventId);
        if (w != null && w.claim()) {
            answers.computeIfAbsent(w.where, e -> new ArrayList<>()).add(() -> w.then.accept(result, error));
        }
    }

    /** State thread, at the end of a batch: one task per executor carries the batch's answers. */
    public void handOver() {
        if (answers.isEmpty()) {
            return;
        }
        for (Map.Entry<Executor, List<Runnable>> e : answers.entrySet()) {
            List<Runnable> tasks = e.getValue();
            try {
                e.getKey().execute(() -> tasks.forEach(Waiters::runGuarded));
            } catch (RejectedExecutionException stopped) {
                log.debug("{} answers dropped: their executor stopped", tasks.size());
            }
        }
        answers.clear();
    }

    /** Ends every wait left: the gateway is stopping (close the state thread first). */
    @Override
    public void close() {
        IllegalStateException stopping = new IllegalStateException("gateway stopping");
        pending.values().forEach(w -> w.fail(stopping, false));
    }

    private static void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("answering a caller failed", e);
        }
    }

    /** One caller; ends once. */
    private final class Entry implements Waiter {
        private final String id;
        private final Executor where;
        private final BiConsumer<Object, Throwable> then;
        private final AtomicBoolean done = new AtomicBoolean();

        private Entry(String id, Executor where, BiConsumer<Object, Throwable> then) {
            this.id = id;
            this.where = where;
            this.then = then;
        }

        @Override
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

        @Override
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
}
