package io.csgate.bench.publish;

import io.csgate.bench.latency.LatencyRecorder;
import io.csgate.bench.latency.MicroClock;
import io.csgate.bench.latency.Stamp;
import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.Deadline;
import io.csgate.bench.run.DeadlineExceededException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes on {@code threads} threads it owns. Request {@code i} is due at
 * {@code start + i * batch / rate} (open loop: a slow answer does not slow the schedule, it shows
 * as lag) and its messages are stamped with that intended time, so a server that makes the
 * publisher wait is charged for the wait (no coordinated omission). With rate 0 each thread sends
 * its next request as soon as the previous one is acknowledged, stamped with the send time.
 * Nothing is sent after the end of the duration, however late; it also stops after
 * {@code maxMessages}, at the deadline, or when the first ten requests all fail.
 */
public final class RatePublisher {

    private static final int GIVE_UP_AFTER = 10;

    private final PublishSpec spec;
    private final Transport transport;
    private final Deadline deadline;
    private final AtomicLong ticket = new AtomicLong();
    private final AtomicLongArray perChannel;
    private final LongAdder requests = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicLong maxBehind = new AtomicLong();
    private final AtomicLong lastAckNanos = new AtomicLong();
    private final LatencyRecorder latency = new LatencyRecorder();
    private final List<Thread> threads = new ArrayList<>();
    private final String[] channelJson;
    private volatile String firstError;
    private volatile RuntimeException abort;
    private volatile boolean stopped;
    private long startNanos;
    private long startMicros;
    private long endNanos;
    private long warmEndNanos;

    public RatePublisher(PublishSpec spec, Transport transport, Deadline deadline) {
        this.spec = spec;
        this.transport = transport;
        this.deadline = deadline;
        this.perChannel = new AtomicLongArray(spec.channelNames().length);
        this.channelJson = new String[spec.channelNames().length];
        for (int c = 0; c < channelJson.length; c++) {
            channelJson[c] = ("{\"channel\":\"" + spec.channelNames()[c] + "\",\"user\":\"" + PublishSpec.SENDER
                    + "\",\"message\":");
        }
    }

    /** Starts the threads; the schedule begins now. */
    public void start() {
        startMicros = MicroClock.now();
        startNanos = System.nanoTime();
        endNanos = startNanos + spec.duration().toNanos();
        warmEndNanos = startNanos + spec.warmup().toNanos();
        lastAckNanos.set(startNanos);
        for (int i = 0; i < spec.threads(); i++) {
            Thread t = new Thread(this::loop, "bench-publish-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    public long startNanos() {
        return startNanos;
    }

    /** Messages acknowledged so far. */
    public long acked() {
        return acked.sum();
    }

    public void stop() {
        stopped = true;
        threads.forEach(Thread::interrupt);
    }

    /** Waits for the threads to finish; rethrows an abort (every request failing, deadline). */
    public PublishResult await() throws InterruptedException {
        for (Thread t : threads) {
            t.join(Math.max(1, deadline.remainingMillis()));
        }
        if (threads.stream().anyMatch(Thread::isAlive)) {
            stop();
            throw new DeadlineExceededException("deadline reached while publishing");
        }
        if (abort != null) {
            throw abort;
        }
        long[] per = new long[perChannel.length()];
        for (int c = 0; c < per.length; c++) {
            per[c] = perChannel.get(c);
        }
        return new PublishResult(requests.sum(), acked.sum(), errors.sum(), firstError, per, latency.snapshot(),
                lastAckNanos.get() - startNanos, maxBehind.get());
    }

    private void loop() {
        double interval = spec.intervalNanos();
        while (!stopped) {
            long i = ticket.getAndIncrement();
            long firstMessage = i * spec.batch();
            if (firstMessage >= spec.maxMessages()) {
                return;
            }
            long due = interval == 0 ? System.nanoTime() : startNanos + (long) (i * interval);
            if (due - endNanos >= 0 || deadline.expired()) {
                return;
            }
            if (!sleepUntil(due)) {
                return;
            }
            long now = System.nanoTime();
            if (now - endNanos >= 0) {
                return;
            }
            maxBehind.accumulateAndGet((now - due) / 1000, Math::max);
            int n = (int) Math.min(spec.batch(), spec.maxMessages() - firstMessage);
            long stamp = interval == 0 ? MicroClock.now() : startMicros + (due - startNanos) / 1000;
            byte[] body = items(firstMessage, n, stamp, due - warmEndNanos < 0);
            String error;
            try {
                error = transport.send(body);
            } catch (InterruptedException e) {
                return;
            } catch (DeadlineExceededException e) {
                abort = e;
                stopped = true;
                return;
            } catch (BenchException e) {
                error = e.getMessage();
            }
            long done = System.nanoTime();
            requests.increment();
            if (error == null) {
                latency.record((done - now) / 1000);
                acked.add(n);
                lastAckNanos.accumulateAndGet(done, Math::max);
                for (long m = firstMessage; m < firstMessage + n; m++) {
                    perChannel.incrementAndGet((int) (m % perChannel.length()));
                }
            } else {
                failed(error);
            }
        }
    }

    private void failed(String error) {
        errors.increment();
        if (firstError == null) {
            firstError = error;
        }
        if (acked.sum() == 0 && errors.sum() >= GIVE_UP_AFTER) {
            abort = new BenchException("the first " + GIVE_UP_AFTER + " publish requests all failed; first error: "
                    + firstError);
            stopped = true;
        }
    }

    private boolean sleepUntil(long due) {
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (stopped || Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return true;
    }

    /** {@code n} items from message {@code first}, stamped {@code micros}. */
    byte[] items(long first, int n, long micros, boolean warm) {
        StringBuilder sb = new StringBuilder(n * 120).append('[');
        for (int j = 0; j < n; j++) {
            long m = first + j;
            if (j > 0) {
                sb.append(',');
            }
            sb.append(channelJson[(int) (m % channelJson.length)])
                    .append(Stamp.payload(micros, warm ? -(m + 1) : m)).append('}');
        }
        return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }
}
