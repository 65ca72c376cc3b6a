package io.csgate.bench.storm;

import io.csgate.bench.http.ChannelstreamApi;
import io.csgate.bench.http.HttpResponse;
import io.csgate.bench.latency.LatencyRecorder;
import io.csgate.bench.latency.MicroClock;
import io.csgate.bench.latency.Stamp;
import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.Deadline;
import io.csgate.bench.run.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Every {@code every}, one signed {@code POST /message} with one stamped message for each channel,
 * to the survivors in turn, on a thread of its own (a daemon, stopped by {@link #close()}). The
 * messages are what tells a client it receives again; the calls' times are a second REST probe
 * (a state-changing call: produced, applied, answered).
 */
final class StormPublisher implements AutoCloseable {

    private final List<ChannelstreamApi> apis = new ArrayList<>();
    private final List<String> channels;
    private final Duration every;
    private final Deadline deadline;
    private final LatencyRecorder before = new LatencyRecorder();
    private final LatencyRecorder during = new LatencyRecorder();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Thread thread;
    private volatile boolean storm;
    private volatile boolean stopped;
    private volatile String firstFailure;

    StormPublisher(List<Target> survivors, String secret, List<String> channels, Duration every, Deadline deadline) {
        for (Target t : survivors) {
            apis.add(new ChannelstreamApi(t, secret, 1, StormFleet.REQUEST_TIMEOUT, deadline));
        }
        this.channels = List.copyOf(channels);
        this.every = every;
        this.deadline = deadline;
        this.thread = new Thread(this::loop, "bench-storm-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long seq = 0;
        long next = System.nanoTime();
        while (!stopped && !deadline.expired()) {
            ChannelstreamApi api = apis.get((int) (seq % apis.size()));
            StringBuilder b = new StringBuilder(channels.size() * 80).append('[');
            long stamp = MicroClock.now();
            for (int i = 0; i < channels.size(); i++) {
                b.append(i == 0 ? "" : ",").append("{\"channel\":\"").append(channels.get(i))
                        .append("\",\"user\":\"bench\",\"message\":").append(Stamp.payload(stamp, seq)).append('}');
            }
            byte[] body = b.append(']').toString().getBytes(StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            try {
                HttpResponse r = api.post("/message", body);
                if (r.status() == 200) {
                    published.incrementAndGet();
                } else {
                    fail("status " + r.status() + ": " + r.excerpt(120));
                }
            } catch (BenchException e) {
                fail(e.getMessage());
            } catch (InterruptedException e) {
                return;
            }
            (storm ? during : before).record((System.nanoTime() - t0) / 1000);
            seq++;
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

    private void fail(String why) {
        failures.incrementAndGet();
        if (firstFailure == null) {
            firstFailure = why;
        }
    }

    void storm() {
        storm = true;
    }

    long published() {
        return published.get();
    }

    long failures() {
        return failures.get();
    }

    String firstFailure() {
        return firstFailure;
    }

    Histogram before() {
        return before.snapshot();
    }

    Histogram during() {
        return during.snapshot();
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
        apis.forEach(ChannelstreamApi::close);
    }
}
