package io.csgate.bench.storm;

import io.csgate.bench.http.ChannelstreamApi;
import io.csgate.bench.http.HttpResponse;
import io.csgate.bench.latency.LatencyRecorder;
import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.Deadline;
import io.csgate.bench.run.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Asks one gateway a signed {@code POST /info} about one channel every {@code every}, on a thread of
 * its own (a daemon, stopped by {@link #close()}), and times the answers: before the kill into one
 * histogram, from the kill on into another. A call that fails or answers other than 200 counts as a
 * failure; its time is recorded too. One call at a time, so a stalled gateway shows as one long
 * call, not as a pile of them.
 */
final class RestProbe implements AutoCloseable {

    private final ChannelstreamApi api;
    private final byte[] body;
    private final Duration every;
    private final Deadline deadline;
    private final LatencyRecorder before = new LatencyRecorder();
    private final LatencyRecorder during = new LatencyRecorder();
    private final AtomicLong failures = new AtomicLong();
    private final Thread thread;
    private volatile boolean storm;
    private volatile boolean stopped;
    private volatile String firstFailure;

    RestProbe(Target target, String secret, String channel, Duration every, Deadline deadline) {
        this.api = new ChannelstreamApi(target, secret, 1, StormFleet.REQUEST_TIMEOUT, deadline);
        this.body = ("{\"info\":{\"channels\":[\"" + channel + "\"]}}").getBytes(StandardCharsets.UTF_8);
        this.every = every;
        this.deadline = deadline;
        this.thread = new Thread(this::loop, "bench-storm-probe-" + target.port());
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long next = System.nanoTime();
        while (!stopped && !deadline.expired()) {
            long t0 = System.nanoTime();
            boolean ok;
            try {
                HttpResponse r = api.post("/info", body);
                ok = r.status() == 200;
                if (!ok && firstFailure == null) {
                    firstFailure = "status " + r.status() + ": " + r.excerpt(120);
                }
            } catch (BenchException e) {
                ok = false;
                if (firstFailure == null) {
                    firstFailure = e.getMessage();
                }
            } catch (InterruptedException e) {
                return;
            }
            long micros = (System.nanoTime() - t0) / 1000;
            (storm ? during : before).record(micros);
            if (!ok) {
                failures.incrementAndGet();
            }
            next += every.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.nanoTime();
            }
        }
    }

    /** From now on, answers count as during the storm. */
    void storm() {
        storm = true;
    }

    Histogram before() {
        return before.snapshot();
    }

    Histogram during() {
        return during.snapshot();
    }

    long failures() {
        return failures.get();
    }

    String firstFailure() {
        return firstFailure;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        api.close();
    }
}
