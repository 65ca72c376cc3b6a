package io.csgate.bench.storm;

import io.csgate.bench.http.ChannelstreamApi;
import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.Deadline;
import io.csgate.bench.run.DeadlineExceededException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Brings the victim's clients back, as their pages would: {@code POST /connect} again (same user,
 * same channel, a new connection) on a surviving gateway, then a socket there. Client {@code k} goes
 * to survivor {@code k mod survivors} (its socket to the next survivor with {@code elsewhere}, as
 * behind a load balancer without affinity, where the replica that takes the socket may not have
 * applied the {@code /connect} yet); a failed attempt (an error status, a timeout, a refused
 * socket) is retried after a backoff of 100 ms doubling to 2 s, until the deadline. Owns
 * {@code threads} daemon threads, each bringing back one client at a time: that many clients
 * reconnect at once, the others wait their turn, as behind a browser's connection limit.
 */
final class Reconnector implements AutoCloseable {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration LAST_BACKOFF = Duration.ofSeconds(2);

    private final StormFleet fleet;
    private final List<ChannelstreamApi> apis = new ArrayList<>();
    private final Deadline deadline;
    private final Duration spread;
    private final boolean elsewhere;
    /** Clients by the time their reconnect is due (their close, plus a random part of the spread). */
    private final DelayQueue<Due> queue = new DelayQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final AtomicLong attempts = new AtomicLong();
    private volatile String firstFailure;
    private volatile boolean stopped;

    /**
     * @param spread each client waits a random time below this before its first attempt; zero: at once
     * @param elsewhere open the socket on another survivor than the one that answered {@code /connect}
     */
    Reconnector(StormFleet fleet, String secret, int threads, Duration spread, boolean elsewhere, Deadline deadline) {
        this.fleet = fleet;
        this.deadline = deadline;
        this.spread = spread;
        this.elsewhere = elsewhere;
        apis.add(null);
        for (int g = 1; g < fleet.gateways(); g++) {
            apis.add(new ChannelstreamApi(fleet.target(g), secret, threads, StormFleet.REQUEST_TIMEOUT, deadline));
        }
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::loop, "bench-storm-reconnect-" + i);
            t.setDaemon(true);
            t.start();
            this.threads.add(t);
        }
    }

    private record Due(StormClient client, long atNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(atNanos, ((Due) o).atNanos);
        }
    }

    /** Queues a client whose socket just closed; any thread. */
    void reconnect(StormClient c) {
        long wait = spread.isZero() ? 0 : ThreadLocalRandom.current().nextLong(spread.toNanos());
        queue.add(new Due(c, System.nanoTime() + wait));
    }

    private void loop() {
        while (!stopped) {
            try {
                Due due = queue.poll(100, TimeUnit.MILLISECONDS);
                if (due == null) {
                    continue;
                }
                bringBack(due.client());
            } catch (InterruptedException e) {
                return;
            } catch (DeadlineExceededException e) {
                return;
            }
        }
    }

    private void bringBack(StormClient c) throws InterruptedException {
        int survivors = fleet.gateways() - 1;
        int gateway = 1 + c.tag % survivors;
        long backoff = FIRST_BACKOFF.toNanos();
        while (!stopped) {
            deadline.check("reconnecting clients");
            c.attempts++;
            attempts.incrementAndGet();
            String failure = attempt(c, gateway);
            if (failure == null) {
                return;
            }
            failures.computeIfAbsent(failure.split(":", 2)[0], k -> new LongAdder()).increment();
            if (firstFailure == null) {
                firstFailure = c.user + " on " + fleet.target(gateway).base() + ": " + failure;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(backoff, Math.max(1, deadline.remainingNanos())));
            backoff = Math.min(backoff * 2, LAST_BACKOFF.toNanos());
        }
    }

    /** One try; null when the client is back, else the failure as {@code "kind: detail"}. */
    private String attempt(StormClient c, int gateway) throws InterruptedException {
        String connId;
        try {
            connId = fleet.connect(apis.get(gateway), c);
        } catch (DeadlineExceededException e) {
            throw e;
        } catch (BenchException e) {
            String m = String.valueOf(e.getMessage());
            return m.startsWith("status ") || m.startsWith("no conn_id") ? m : "rest: " + m;
        }
        c.connectedAgain = System.nanoTime();
        int survivors = fleet.gateways() - 1;
        int socketAt = elsewhere && survivors > 1 ? 1 + gateway % survivors : gateway;
        c.gateway = socketAt;
        try {
            fleet.reopen(c, socketAt, connId).get(deadline.cap(StormFleet.REQUEST_TIMEOUT).toNanos(), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return "socket: " + e.getCause().getMessage();
        } catch (TimeoutException e) {
            deadline.check("reopening sockets");
            return "socket: upgrade timed out";
        }
    }

    long attempts() {
        return attempts.get();
    }

    /** Failed attempts by kind ({@code status 503}, {@code rest}, {@code socket}, ...). */
    Map<String, Long> failures() {
        Map<String, Long> out = new TreeMap<>();
        failures.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    String firstFailure() {
        return firstFailure;
    }

    @Override
    public void close() {
        stopped = true;
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        apis.stream().filter(a -> a != null).forEach(ChannelstreamApi::close);
    }
}
