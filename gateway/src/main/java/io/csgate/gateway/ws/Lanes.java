package io.csgate.gateway.ws;

import io.csgate.gateway.replica.Backpressure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.xnio.XnioIoThread;

/**
 * Every IO thread's {@link IoLane}, the websockets they serve, and batching of their wake-ups.
 * Work run through {@link #deferringWakes} (the applier wraps each batch of log records in it)
 * stages frames without waking any IO thread; each lane that got something is woken once at the
 * end, so a socket gets all of a batch's frames in one write. A lane with a very large staged
 * backlog is woken early, which bounds both memory and the wait of the batch's first frames.
 *
 * <p>As {@link Backpressure}, the lanes tell the log reader to hold back: while sockets that keep
 * up (fast readers behind a burst) have more than {@code paceAtBytes} waiting in all, or any of
 * them more than a quarter of its budget, new events wait in Kafka instead of in memory. Sockets that do not keep up
 * never hold the log back; they live on their own {@link SocketBudget}. Thread-safe.
 */
public final class Lanes implements Backpressure {

    /** Staged items after which a lane is woken even inside a deferring scope. */
    static final int WAKE_EARLY_AT = 16_384;

    /** The close reason every websocket gets at shutdown, with 1001. */
    public static final String SHUTDOWN_REASON = "gateway shutting down";

    private static final ThreadLocal<List<IoLane>> DEFERRED = new ThreadLocal<>();

    private final Map<XnioIoThread, IoLane> lanes = new ConcurrentHashMap<>();
    private final Set<WsSocket> sockets = ConcurrentHashMap.newKeySet();
    private final SocketBudget budget;
    private final long paceAtBytes;
    private volatile boolean closing;

    /**
     * @param maxQueuedBytes {@code max_queued_bytes}: a socket's budget in bytes
     * @param slowConsumerAfter {@code slow_consumer_after}: a socket's budget in time without progress
     * @param paceAtBytes bytes waiting for sockets that keep up beyond which the log is held back
     */
    public Lanes(long maxQueuedBytes, Duration slowConsumerAfter, long paceAtBytes) {
        this.budget = SocketBudget.of(maxQueuedBytes, slowConsumerAfter);
        this.paceAtBytes = paceAtBytes;
    }

    /** An eighth of the heap, at least 16 MiB: what sockets that keep up may hold before the log waits. */
    public static long paceAtBytes(long maxHeapBytes) {
        return Math.max(16L << 20, maxHeapBytes / 8);
    }

    IoLane of(XnioIoThread thread) {
        return lanes.computeIfAbsent(thread, t -> new IoLane(t, this));
    }

    SocketBudget budget() {
        return budget;
    }

    /** Runs {@code work}, waking the lanes it staged frames on once, when it ends. */
    public void deferringWakes(Runnable work) {
        if (DEFERRED.get() != null) {
            work.run(); // already inside a scope: its end wakes everything
            return;
        }
        List<IoLane> toWake = new ArrayList<>(4);
        DEFERRED.set(toWake);
        try {
            work.run();
        } finally {
            DEFERRED.remove();
            for (IoLane lane : toWake) {
                lane.wake();
            }
        }
    }

    /** The calling thread's list of lanes to wake at the end of its scope, or null outside one. */
    static List<IoLane> deferred() {
        return DEFERRED.get();
    }

    /**
     * Whether the log reader should wait before handing over more events: the websockets that keep
     * up are behind by more than the gateway should hold for them. Any thread; cheap.
     */
    @Override
    public boolean behind() {
        long waiting = 0;
        for (IoLane lane : lanes.values()) {
            if (lane.holding() > 0) {
                return true;
            }
            waiting += lane.keepingUpBytes() + lane.stagedBytes();
        }
        return waiting > paceAtBytes;
    }

    /** There are websockets, so what the applier applies may have to be written to them. */
    @Override
    public boolean delivering() {
        return !sockets.isEmpty();
    }

    /** Bytes staged for or queued in this gateway's websockets (the budget's count). */
    public long queuedBytes() {
        long n = 0;
        for (IoLane lane : lanes.values()) {
            n += lane.stagedBytes() + lane.queuedBytes();
        }
        return n;
    }

    /** Websockets open (or closing) on this gateway. */
    public int sockets() {
        return sockets.size();
    }

    /** Registers a new socket; false when the gateway is shutting down (close it with 1001). */
    boolean register(WsSocket socket) {
        sockets.add(socket);
        if (closing) {
            sockets.remove(socket);
            return false;
        }
        return true;
    }

    void unregister(WsSocket socket) {
        sockets.remove(socket);
    }

    boolean closing() {
        return closing;
    }

    /**
     * Shutdown: every websocket, attached to a connection or not yet, gets a close frame with
     * {@code code} right after the frame it is writing (queued frames are dropped: the client
     * reconnects and catches up); sockets opened from now on are closed the same way.
     */
    public void closeAll(int code, String reason) {
        closing = true;
        for (WsSocket s : sockets) {
            s.closeNow(code, reason);
        }
    }

    /**
     * Waits until every websocket has ended its close handshake (or been cut off after its grace
     * period), at most {@code max}; true when none is left.
     */
    public boolean awaitClosed(Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!sockets.isEmpty()) {
            if (System.nanoTime() - end >= 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return true;
    }
}
