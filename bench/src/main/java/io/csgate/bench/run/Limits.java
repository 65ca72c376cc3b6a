package io.csgate.bench.run;

import java.time.Duration;

/**
 * Hard caps on every option, so that no combination of flags makes an unbounded run. Options are
 * validated against these before anything connects.
 */
public final class Limits {

    /** Longest measured phase of any scenario. */
    public static final Duration MAX_DURATION = Duration.ofMinutes(10);
    /** Longest global deadline: setup, measurement, drain and teardown together. */
    public static final Duration MAX_DEADLINE = Duration.ofMinutes(20);
    /** Sockets across all processes. */
    public static final int MAX_SOCKETS = 100_000;
    /**
     * Sockets one process holds. The per-process open-file limit here is 20,000; a process keeps
     * a margin for its jars, REST pool and pipes.
     */
    public static final int MAX_SOCKETS_PER_PROCESS = 15_000;
    public static final int MAX_PROCESSES = 16;
    public static final int MAX_CHANNELS = 100_000;
    /** Messages per second offered by a publisher. */
    public static final int MAX_RATE = 2_000_000;
    /** Messages in one run, whatever the rate and duration. */
    public static final long MAX_MESSAGES = 200_000_000L;
    /** Items in one POST /message. */
    public static final int MAX_BATCH = 10_000;
    /** Concurrent REST connections or requests. */
    public static final int MAX_CONCURRENCY = 256;
    public static final int MAX_IO_THREADS = 8;

    private Limits() {}

    public static int check(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    public static long check(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    public static Duration check(String option, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(option + " must be between " + human(min) + " and " + human(max)
                    + ", got " + human(value));
        }
        return value;
    }

    public static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
