package io.csgate.ingest.stream;

import java.util.function.LongSupplier;

/**
 * Spaces messages evenly at a fixed rate from the first one: message {@code n} (from 0) is due
 * {@code n / rate} seconds after the start, and a record is due when its first message is.
 * Falling behind is caught up at full speed, so the average rate over any long stretch is the
 * configured one. Not thread-safe.
 */
public final class Pacer {

    private final double nanosPerMessage;
    private final LongSupplier nanoTime;
    private long start = Long.MIN_VALUE;
    private long count;

    /** @param ratePerSecond messages per second; 0 or less means unlimited */
    public Pacer(double ratePerSecond, LongSupplier nanoTime) {
        this.nanosPerMessage = ratePerSecond > 0 ? 1e9 / ratePerSecond : 0;
        this.nanoTime = nanoTime;
    }

    public boolean unlimited() {
        return nanosPerMessage == 0;
    }

    /** Counts a record of {@code messages} and returns how long to wait before sending it (0: now). */
    public long delayNanos(int messages) {
        if (unlimited()) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        if (start == Long.MIN_VALUE) {
            start = now;
        }
        long due = start + (long) (count * nanosPerMessage);
        count += messages;
        return Math.max(0, due - now);
    }

    /**
     * Messages per record that keep bursts short at this rate: about {@value #BURST_MILLIS} ms worth,
     * at most {@code batch}.
     */
    public static int batchFor(double ratePerSecond, int batch) {
        if (ratePerSecond <= 0) {
            return batch;
        }
        return (int) Math.max(1, Math.min(batch, ratePerSecond * BURST_MILLIS / 1000));
    }

    static final long BURST_MILLIS = 20;
}
