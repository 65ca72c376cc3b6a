package io.csgate.gateway.log;

import io.csgate.gateway.replica.StateThread;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state thread: owns {@code csgate-applier}, on which the {@link Applier} applies chunks of
 * records and every {@link #call} runs, one task after another in the order given, so the model
 * needs no locks of its own. Futures of {@link #call} complete on {@code csgate-applier} (see
 * {@link StateThread}).
 *
 * <p>One exception, for latency: {@link #runHereIfIdle} lets the log reader apply a chunk on its
 * own thread when nothing is queued or running here. Every task, on either thread, runs holding
 * one lock, and a task runs on the caller's thread only when every task given before it has
 * finished, so tasks still run one at a time, in the order given, each seeing what the ones before
 * it wrote. At light load that saves waking {@code csgate-applier} for each record (measured in
 * docs/benchmarks.md, "Light load, per hop"); under load the thread is busy and chunks queue as
 * before. Thread-safe.
 */
public final class ApplierThread implements StateThread, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApplierThread.class);
    static final String NAME = "csgate-applier";

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, NAME);
        t.setDaemon(true);
        return t;
    });
    /** Held by whichever thread runs a task. */
    private final ReentrantLock owner = new ReentrantLock();
    /** Tasks given and not finished; a task may run on its caller's thread only at 0. */
    private final AtomicInteger unfinished = new AtomicInteger();

    @Override
    public <T> CompletableFuture<T> call(Supplier<T> work) {
        CompletableFuture<T> out = new CompletableFuture<>();
        if (!execute(() -> {
            try {
                out.complete(work.get());
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        })) {
            out.completeExceptionally(new RejectedExecutionException("the state thread has stopped"));
        }
        return out;
    }

    /** Runs {@code task} on the thread after what is queued; false when the thread has stopped. */
    boolean execute(Runnable task) {
        unfinished.incrementAndGet();
        try {
            thread.execute(() -> runOwned(task));
            return true;
        } catch (RejectedExecutionException e) {
            unfinished.decrementAndGet();
            log.debug("the state thread has stopped; task dropped");
            return false;
        }
    }

    /**
     * Runs {@code task} on the calling thread, now, when no task given before is unfinished and the
     * thread has not stopped; otherwise runs nothing and returns false (then {@link #execute} it).
     * An exception of the task is logged, as on the thread.
     */
    boolean runHereIfIdle(Runnable task) {
        if (unfinished.get() != 0 || thread.isShutdown() || !owner.tryLock()) {
            return false;
        }
        try {
            if (unfinished.get() != 0 || thread.isShutdown()) {
                return false;
            }
            runGuarded(task);
            return true;
        } finally {
            owner.unlock();
        }
    }

    private void runOwned(Runnable task) {
        owner.lock();
        try {
            runGuarded(task);
        } finally {
            unfinished.decrementAndGet();
            owner.unlock();
        }
    }

    private static void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("a task of the state thread failed", e);
        }
    }

    /** True once {@link #close} has begun: no task is taken any more. */
    boolean stopped() {
        return thread.isShutdown();
    }

    /** Lets queued work finish (at most 5 s), and a task running on a caller's thread, then stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
            if (owner.tryLock(1, TimeUnit.SECONDS)) {
                owner.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
    }
}
