package io.csgate.bench.subscriber;

import io.csgate.bench.latency.LatencyRecorder;
import io.csgate.bench.latency.MicroClock;
import io.csgate.bench.latency.Stamp;
import io.csgate.bench.ws.WsConnection;
import io.csgate.bench.ws.WsListener;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts and times what every subscriber of a pool receives; one instance serves all of them, on
 * the selector threads. A frame is a heartbeat ({@code []}), a stamped bench message (latency
 * recorded when its {@code seq} is not negative, i.e. not warm-up) or anything else.
 */
public final class Receiver implements WsListener {

    /** Out-parameter of {@link Stamp#read}, one per selector thread. */
    private static final ThreadLocal<long[]> SEQ = ThreadLocal.withInitial(() -> new long[1]);

    private final LatencyRecorder latency = new LatencyRecorder();
    private final LongAdder stamped = new LongAdder();
    private final LongAdder measured = new LongAdder();
    private final LongAdder heartbeats = new LongAdder();
    private final LongAdder other = new LongAdder();
    private final LongAdder closedByServer = new LongAdder();
    private volatile String lastClose;
    private volatile boolean closing;

    @Override
    public void onText(WsConnection c, byte[] a, int off, int len) {
        if (isHeartbeat(a, off, len)) {
            heartbeats.increment();
            return;
        }
        long[] seq = SEQ.get();
        long t = Stamp.read(a, off, len, seq);
        if (t == Stamp.ABSENT) {
            other.increment();
            return;
        }
        long now = MicroClock.now();
        stamped.increment();
        if (seq[0] >= 0) {
            measured.increment();
            latency.record(now - t);
        }
    }

    @Override
    public void onClose(WsConnection c, int code, String reason) {
        if (!closing) {
            closedByServer.increment();
            lastClose = "subscriber " + c.tag() + " closed: code " + code + ", " + reason;
        }
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
