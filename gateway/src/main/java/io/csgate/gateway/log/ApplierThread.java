package io.csgate.gateway.log;

import io.csgate.gateway.replica.StateThread;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state thread: owns {@code csgate-applier}, on which the {@link Applier} applies every chunk
 * of records and every {@link #call} runs, one task after another in the order given, so the model
 * needs no locks. Futures of {@link #call} complete on {@code csgate-applier} (see
 * {@link StateThread}). Thread-safe.
 */
public final class ApplierThread implements StateThread, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApplierThread.class);
    static final String NAME = "csgate-applier";

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, NAME);
        t.setDaemon(true);
        return t;
    });

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

    /** Runs {@code task} on the thread after what is queued; false when the thread has stopped. */
    boolean execute(Runnable task) {
        try {
            thread.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            log.debug("the state thread has stopped; task dropped");
            return false;
        }
    }

    /** True once {@link #close} has begun: no task is taken any more. */
    boolean stopped() {
        return thread.isShutdown();
    }

    /** Lets queued work finish (at most 5 s), then stops the thread. */
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
    }
}
