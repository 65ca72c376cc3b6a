package io.csgate.bench.run;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Enforces a run's global deadline. Owns one daemon thread: when the deadline passes it runs the
 * registered stoppers (close sockets, kill worker processes) and interrupts the run's thread; if
 * the run is still alive {@link #GRACE} later and hard exit is on (the launcher, not tests), it
 * halts the JVM with exit code {@value #EXIT_DEADLINE}.
 */
public final class Watchdog implements AutoCloseable {

    public static final Duration GRACE = Duration.ofSeconds(10);
    public static final int EXIT_DEADLINE = 3;

    private final Deadline deadline;
    private final Thread runner;
    private final PrintWriter err;
    private final boolean hardExit;
    private final List<Runnable> stoppers = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean fired;

    public Watchdog(Deadline deadline, PrintWriter err, boolean hardExit) {
        this.deadline = deadline;
        this.runner = Thread.currentThread();
        this.err = err;
        this.hardExit = hardExit;
        this.thread = new Thread(this::watch, "bench-watchdog");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Registers something to stop when the deadline passes; runs in registration order. */
    public synchronized void onExpiry(Runnable stopper) {
        stoppers.add(stopper);
    }

    public boolean fired() {
        return fired;
    }

    private void watch() {
        try {
            while (!closed && !deadline.expired()) {
                TimeUnit.MILLISECONDS.sleep(Math.min(100, Math.max(1, deadline.remainingMillis())));
            }
            if (closed) {
                return;
            }
            fired = true;
            List<Runnable> copy;
            synchronized (this) {
                copy = new ArrayList<>(stoppers);
            }
            for (Runnable r : copy) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    err.println("bench: while stopping at the deadline: " + e);
                }
            }
            runner.interrupt();
            long graceEnd = System.nanoTime() + GRACE.toNanos();
            while (!closed && System.nanoTime() < graceEnd) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            if (!closed && hardExit) {
                err.println("bench: the run did not stop within " + GRACE.toSeconds()
                        + " s of its deadline; exiting");
                err.flush();
                Runtime.getRuntime().halt(EXIT_DEADLINE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        // a pending interrupt meant for the run must not leak into the caller
        if (fired) {
            Thread.interrupted();
        }
    }
}
