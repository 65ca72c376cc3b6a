package io.csgate.bench.subscriber;

import io.csgate.bench.latency.LatencyRecorder;
import io.csgate.bench.latency.MicroClock;
import io.csgate.bench.latency.Stamp;
import io.csgate.bench.ws.WsConnection;
import io.csgate.bench.ws.WsListener;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts and times what every subscriber of a pool receives; one instance serves all of them, on
 * the selector threads. A frame is a heartbeat ({@code []}), a JSON array of events, or anything
 * else. Every stamped bench message in a frame counts (a server may send several events in one
 * array): latency is recorded when its {@code seq} is not negative (not warm-up), and each
 * subscriber's messages must come in publishing order ({@link #outOfOrder}). Close codes of
 * server closes are counted by code.
 */
public final class Receiver implements WsListener {

    /** Out-parameter of {@link Stamp#next}, one per selector thread. */
    private static final ThreadLocal<long[]> STAMP = ThreadLocal.withInitial(() -> new long[2]);

    private final int first;
    /** Publishing order of the last message each subscriber got (a connection is on one thread). */
    private final long[] lastOrder;
    private final LongAdder outOfOrder = new LongAdder();
    private final Map<Integer, LongAdder> closeCodes = new ConcurrentHashMap<>();
    private final LatencyRecorder latency = new LatencyRecorder();
    private final LongAdder stamped = new LongAdder();
    private final LongAdder measured = new LongAdder();
    private final LongAdder heartbeats = new LongAdder();
    private final LongAdder other = new LongAdder();
    private final LongAdder closedByServer = new LongAdder();
    private volatile String lastClose;
    private volatile boolean closing;

    /**
     * @param first number of the pool's first subscriber (connection tags are subscriber numbers)
     * @param count subscribers in the pool
     */
    public Receiver(int first, int count) {
        this.first = first;
        this.lastOrder = new long[count];
        Arrays.fill(lastOrder, -1);
    }

    @Override
    public void onText(WsConnection c, byte[] a, int off, int len) {
        if (isHeartbeat(a, off, len)) {
            heartbeats.increment();
            return;
        }
        long[] stamp = STAMP.get();
        int end = off + len;
        int at = Stamp.next(a, off, end, stamp);
        if (at < 0) {
            other.increment();
            return;
        }
        long now = MicroClock.now();
        int k = c.tag() - first;
        int n = 0;
        int m = 0;
        for (; at >= 0; at = Stamp.next(a, at, end, stamp)) {
            n++;
            long seq = stamp[1];
            if (seq != Stamp.ABSENT) {
                long order = seq >= 0 ? seq : -seq - 1; // warm-up seqs run -1, -2, ...
                if (k >= 0 && k < lastOrder.length) {
                    if (order <= lastOrder[k]) {
                        outOfOrder.increment();
                    }
                    lastOrder[k] = order;
                }
                if (seq >= 0) {
                    m++;
                    latency.record(now - stamp[0]);
                }
            }
        }
        stamped.add(n);
        measured.add(m);
    }

    @Override
    public void onClose(WsConnection c, int code, String reason) {
        if (!closing) {
            closedByServer.increment();
            closeCodes.computeIfAbsent(code, x -> new LongAdder()).increment();
            lastClose = "subscriber " + c.tag() + " closed: code " + code + ", " + reason;
        }
    }

    /** Messages that came after one published later, to the same subscriber. */
    long outOfOrder() {
        return outOfOrder.sum();
    }

    /** Server closes by close code (1006: the connection dropped without a close frame). */
    Map<Integer, Long> closeCodes() {
        Map<Integer, Long> out = new TreeMap<>();
        closeCodes.forEach((code, n) -> out.put(code, n.sum()));
        return out;
    }

    /** From now on, closes are ours and not counted as server closes. */
    void closing() {
        closing = true;
    }

    static boolean isHeartbeat(byte[] a, int off, int len) {
        int s = off;
        int e = off + len;
        while (s < e && a[s] <= ' ') {
            s++;
        }
        while (e > s && a[e - 1] <= ' ') {
            e--;
        }
        if (e - s < 2 || a[s] != '[' || a[e - 1] != ']') {
            return false;
        }
        for (int i = s + 1; i < e - 1; i++) {
            if (a[i] > ' ') {
                return false;
            }
        }
        return true;
    }

    LatencyRecorder latency() {
        return latency;
    }

    long stamped() {
        return stamped.sum();
    }

    long measured() {
        return measured.sum();
    }

    long heartbeats() {
        return heartbeats.sum();
    }

    long other() {
        return other.sum();
    }

    long closedByServer() {
        return closedByServer.sum();
    }

    String lastClose() {
        return lastClose;
    }
}
