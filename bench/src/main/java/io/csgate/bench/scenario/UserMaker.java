package io.csgate.bench.scenario;

import io.csgate.bench.cli.RunContext;
import io.csgate.bench.http.ChannelstreamApi;
import io.csgate.bench.http.HttpResponse;
import io.csgate.bench.latency.LatencyRecorder;
import io.csgate.bench.run.BenchException;
import io.csgate.bench.subscriber.SubscriberSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Makes the users of {@link UsersCommand} on {@code concurrency} threads of its own (daemons, stopped
 * by {@link #stop()}): user {@code i} is due at {@code start + i / rate}, and its latency is
 * counted from then, so a gateway that falls behind is charged for the wait.
 */
final class UserMaker {

    private final ChannelstreamApi api;
    private final RunContext ctx;
    private final int users;
    private final int rate;
    private final int channels;
    private final int stateKeys;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong made = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final LatencyRecorder latency = new LatencyRecorder();
    private volatile boolean stopped;
    private volatile String firstError;
    private volatile BenchException fatal;
    private long startNanos;
    private volatile long endNanos;

    UserMaker(ChannelstreamApi api, RunContext ctx, int users, int rate, int concurrency, int channels,
              int stateKeys) {
        this.api = api;
        this.ctx = ctx;
        this.users = users;
        this.rate = rate;
        this.channels = channels;
        this.stateKeys = stateKeys;
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(this::loop, "bench-users-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    void start() {
        startNanos = System.nanoTime();
        threads.forEach(Thread::start);
    }

    private void loop() {
        long i;
        while (!stopped && (i = next.getAndIncrement()) < users) {
            long due = rate == 0 ? System.nanoTime() : startNanos + (long) (i * 1e9 / rate);
            try {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(Math.min(wait, ctx.deadline().remainingNanos()));
                }
                ctx.deadline().check("making users");
                byte[] body = body(i);
                HttpResponse r = api.post("/connect", body);
                if (r.status() == 200) {
                    made.incrementAndGet();
                } else {
                    fail("POST /connect answered " + r.status() + ": " + r.excerpt(200));
                }
                latency.record((System.nanoTime() - due) / 1000);
            } catch (InterruptedException e) {
                return;
            } catch (BenchException e) {
                fatal = e;
                fail(e.getMessage());
                return;
            }
        }
        endNanos = System.nanoTime();
    }

    private byte[] body(long i) {
        StringBuilder b = new StringBuilder(128).append("{\"username\":\"")
                .append(SubscriberSpec.userName(ctx.runId(), (int) i)).append("\",\"channels\":[");
        if (channels > 0) {
            b.append('"').append(SubscriberSpec.channelName(ctx.runId(), (int) (i % channels))).append('"');
        }
        b.append(']');
        if (stateKeys > 0) {
            b.append(",\"state\":{");
            for (int k = 0; k < stateKeys; k++) {
                b.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":").append(i);
            }
            b.append("},\"state_public_keys\":[");
            for (int k = 0; k < stateKeys; k++) {
                b.append(k == 0 ? "" : ",").append("\"k").append(k).append('"');
            }
            b.append(']');
        }
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private void fail(String error) {
        failed.incrementAndGet();
        if (firstError == null) {
            firstError = error;
        }
    }

    /** Waits until {@code n} users were attempted; throws when the gateway became unreachable. */
    void awaitMade(long n) throws InterruptedException {
        while (made.get() + failed.get() < n) {
            if (fatal != null) {
                throw fatal;
            }
            if (threads.stream().noneMatch(Thread::isAlive)) {
                return;
            }
            ctx.deadline().check("making users");
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    void join() throws InterruptedException {
        for (Thread t : threads) {
            t.join(Math.max(1, ctx.deadline().remainingMillis()));
        }
        if (fatal != null) {
            throw fatal;
        }
    }

    void stop() {
        stopped = true;
        threads.forEach(Thread::interrupt);
    }

    long made() {
        return made.get();
    }

    long failed() {
        return failed.get();
    }

    double seconds() {
        long end = endNanos == 0 ? System.nanoTime() : endNanos;
        return (end - startNanos) / 1e9;
    }

    Histogram latency() {
        return latency.snapshot();
    }

    String firstError() {
        return firstError;
    }
}
