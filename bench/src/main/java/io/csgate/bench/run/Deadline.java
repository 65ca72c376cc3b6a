package io.csgate.bench.run;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An absolute point on the monotonic clock after which a run must stop. Immutable and
 * thread-safe; every blocking wait of the bench takes its timeout from here.
 */
public final class Deadline {

    private final long atNanos;

    private Deadline(long atNanos) {
        this.atNanos = atNanos;
    }

    public static Deadline after(Duration d) {
        return new Deadline(System.nanoTime() + d.toNanos());
    }

    public boolean expired() {
        return remainingNanos() <= 0;
    }

    public long remainingNanos() {
        return atNanos - System.nanoTime();
    }

    public long remainingMillis() {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(remainingNanos()));
    }

    /** The smaller of {@code d} and the time left, never negative. */
    public Duration cap(Duration d) {
        return Duration.ofNanos(Math.max(0, Math.min(d.toNanos(), remainingNanos())));
    }

    /** {@code cap(d)} in milliseconds, at least 1 (0 would mean "forever" to socket timeouts). */
    public int capMillis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, cap(d).toMillis()));
    }

    /** Throws {@link DeadlineExceededException} naming {@code what} when the deadline has passed. */
    public void check(String what) {
        if (expired()) {
            throw new DeadlineExceededException("deadline reached while " + what);
        }
    }
}
