package io.csgate.bench.subscriber;

import io.csgate.bench.http.ChannelstreamApi;
import io.csgate.bench.latency.LatencyRecorder;
import io.csgate.bench.latency.MicroClock;
import io.csgate.bench.probe.CpuTime;
import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.Deadline;
import io.csgate.bench.run.DeadlineExceededException;
import io.csgate.bench.run.Target;
import io.csgate.bench.ws.WsClient;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens a range of subscribers ({@code POST /connect}, then {@code /ws?conn_id=}) and holds them
 * until {@link #close()}. {@link #open()} runs {@code concurrency} short-lived threads that each
 * connect one subscriber at a time; the sockets then live on the {@link WsClient}'s selector
 * threads. Opening stops early, with the first error, when the first subscribers all fail.
 */
public final class SubscriberPool implements AutoCloseable {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int GIVE_UP_AFTER = 10;

    private final Target target;
    /** One instance for every socket: the channel keeps a reference to it. */
    private final InetSocketAddress remote;
    private final SubscriberSpec spec;
    private final Deadline deadline;
    private final ChannelstreamApi api;
    private final WsClient ws;
    private final Receiver receiver;
    private final LatencyRecorder rest = new LatencyRecorder();
    private final LatencyRecorder upgrade = new LatencyRecorder();
    private final LatencyRecorder total = new LatencyRecorder();
    private final List<Integer> failedChannels = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger opened = new AtomicInteger();
    private volatile String firstError;
    private volatile RuntimeException abort;
    private long openStartMicros;
    private long openEndMicros;
    private long heapBaseline = -1;

    public SubscriberPool(Target target, String secret, SubscriberSpec spec, Deadline deadline) {
        this.target = target;
        this.remote = target.socketAddress();
        this.spec = spec;
        this.deadline = deadline;
        this.api = new ChannelstreamApi(target, secret, spec.concurrency(), REQUEST_TIMEOUT, deadline);
        this.ws = new WsClient(spec.ws());
        this.receiver = new Receiver(spec.first(), spec.count());
    }

    /**
     * Connects every subscriber of the range; returns when all are open or failed.
     *
     * @param measureHeap take a used-heap baseline (after a GC) first, for {@link #snapshot}
     * @throws BenchException when none of the first subscribers could connect
     * @throws DeadlineExceededException when the run's deadline passed meanwhile
     */
    public void open(boolean measureHeap) throws InterruptedException {
        if (measureHeap) {
            heapBaseline = usedHeapAfterGc();
        }
        openStartMicros = MicroClock.now();
        List<Thread> threads = new ArrayList<>();
        int n = Math.min(spec.concurrency(), Math.max(1, spec.count()));
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(this::openLoop, "bench-open-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        try {
            for (Thread t : threads) {
                t.join(Math.max(1, deadline.remainingMillis()));
                if (t.isAlive()) {
                    abort = new DeadlineExceededException("deadline reached while opening subscribers ("
                            + opened.get() + " of " + spec.count() + " open)");
                }
            }
        } catch (InterruptedException e) {
            abort = new DeadlineExceededException("interrupted while opening subscribers");
            threads.forEach(Thread::interrupt);
            throw e;
        } finally {
            api.close();
            openEndMicros = MicroClock.now();
        }
        if (abort != null) {
            threads.forEach(Thread::interrupt);
            throw abort;
        }
    }

    private void openLoop() {
        int i;
        while (abort == null && (i = next.getAndIncrement()) < spec.count()) {
            int k = spec.first() + i;
            long t0 = System.nanoTime();
            try {
                String connId = api.connect(SubscriberSpec.userName(spec.runId(), k), spec.channelsOf(k));
                long t1 = System.nanoTime();
                ws.connect(remote, target.hostHeader(), "/ws?conn_id=" + connId, receiver, k)
                        .get(deadline.cap(spec.ws().handshakeTimeout().plusSeconds(1)).toNanos(), TimeUnit.NANOSECONDS);
                long t2 = System.nanoTime();
                rest.record((t1 - t0) / 1000);
                upgrade.record((t2 - t1) / 1000);
                total.record((t2 - t0) / 1000);
                opened.incrementAndGet();
            } catch (DeadlineExceededException e) {
                abort = e;
            } catch (InterruptedException e) {
                abort = new DeadlineExceededException("interrupted while opening subscribers");
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                failed(k, "websocket: " + e.getCause().getMessage());
            } catch (TimeoutException e) {
                deadline.check("opening websockets");
                failed(k, "websocket upgrade timed out");
            } catch (BenchException e) {
                failed(k, e.getMessage());
            }
        }
    }

    private void failed(int subscriber, String error) {
        int failures;
        synchronized (failedChannels) {
            failedChannels.add(spec.channelOf(subscriber));
            failures = failedChannels.size();
            if (firstError == null) {
                firstError = error;
            }
        }
        if (opened.get() == 0 && failures >= Math.min(GIVE_UP_AFTER, spec.count())) {
            abort = new BenchException("the first " + failures + " subscribers all failed; first error: " + firstError);
        }
    }

    /** The pool's counters and histograms now; with {@code gc}, also the used heap after a GC. */
    public GroupSnapshot snapshot(boolean gc) {
        List<Integer> failed;
        synchronized (failedChannels) {
            failed = List.copyOf(failedChannels);
        }
        return new GroupSnapshot(spec.count(), opened.get(), failed, firstError, openStartMicros, openEndMicros,
                ws.openCount(), receiver.stamped(), receiver.measured(), receiver.heartbeats(), receiver.other(),
                receiver.closedByServer(), receiver.lastClose(), heapBaseline, gc ? usedHeapAfterGc() : -1, CpuTime.selfNanos(),
                receiver.latency().snapshot(), rest.snapshot(), upgrade.snapshot(), total.snapshot(),
                receiver.outOfOrder(), receiver.closeCodes());
    }

    /** Closes every socket (close handshake, bounded) and stops the selector threads. */
    @Override
    public void close() {
        receiver.closing();
        api.close();
        ws.close();
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
