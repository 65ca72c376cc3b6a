package io.csgate.gateway.replica;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timer thread, {@code csgate-timers}: it paces the gateway's periodic chores (each named by the
 * wiring when it is scheduled with {@link #every}) and short pauses ({@link #after}). A task only
 * looks at what other threads publish, queues events ({@link Publisher}) or hands work to the state
 * thread: it never blocks and never waits, so one slow chore cannot delay the others. A task that
 * throws is logged with its name and runs again at its next turn. Thread-safe.
 */
public final class Timers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Timers.class);

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "csgate-timers");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code task} after {@code first}, then every {@code period}, until closed. */
    public void every(String name, Duration first, Duration period, Runnable task) {
        thread.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("background task {} failed: {}", name, e.toString());
            }
        }, first.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} once, after {@code millis}; dropped when the timers are closed. */
    public void after(long millis, Runnable task) {
        try {
            thread.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("timers stopped; a delayed task was dropped");
        }
    }

    /** Stops every task; one that is running finishes. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
