package io.csgate.bench.publish;

import java.time.Duration;

/**
 * What to publish.
 *
 * @param channelNames message {@code m} goes to channel {@code m mod channelNames.length}
 * @param rate messages per second; 0 = closed loop, as fast as acknowledgements come back
 * @param batch items per request
 * @param warmup first part of the run whose messages carry a negative seq (no latency sample)
 * @param duration warm-up included
 * @param threads concurrent requests
 * @param maxMessages stop after this many messages even if time is left
 */
public record PublishSpec(String[] channelNames, int rate, int batch, Duration warmup, Duration duration, int threads,
                          long maxMessages) {

    public static final String SENDER = "bench-publisher";

    /** Nanoseconds between requests at the offered rate, or 0 in closed loop. */
    double intervalNanos() {
        return rate == 0 ? 0 : 1e9 * batch / rate;
    }
}
