package io.csgate.bench.latency;

import java.time.Instant;

/**
 * Wall-clock time in microseconds since 1970. Publisher and subscribers may live in different
 * processes on this machine, so they share the system clock rather than a per-process
 * {@code System.nanoTime}; Linux gives the JDK microsecond resolution here.
 */
public final class MicroClock {

    private MicroClock() {}

    public static long now() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }
}
