package io.csgate.gateway.ws;

import java.util.concurrent.TimeUnit;

/**
 * How a websocket's client reads, and the socket's share of its lane's sums: when the client last
 * took bytes, how much it took lately, whether it keeps up, and what was last told to the lane
 * ({@link IoLane#account}). Owned by the socket's IO thread; not thread-safe.
 *
 * <p>A socket keeps up when its client took bytes within the last {@link #RECENT_NANOS} and no
 * more waits than it took in about the last five seconds. The log is held back for sockets that
 * keep up (fast readers behind a burst catch up within seconds), never for the others: a client
 * slower than its backlog by far must not slow the whole gateway; it lives on its own budget.
 */
final class ReaderPace {

    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A client that took nothing for this long no longer counts as keeping up. */
    static final long RECENT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** When the kernel last took bytes, or when the queue last stopped being empty. */
    private long lastProgress;
    /**
     * Bytes the kernel took in the current second, and a decaying sum of the seconds before (each
     * earlier second weighs 0.8 times the next): about what a steady reader takes in five seconds.
     */
    private long windowStart;
    private long takenNow;
    private long takenBefore;
    private long reportedBytes;
    private long reportedKeepingUp;
    private boolean reportedHolding;

    /** Bytes wait again after none did: time without progress counts from now. */
    void waiting(long now) {
        lastProgress = now;
    }

    /** The kernel took {@code bytes}. */
    void taken(int bytes, long now) {
        lastProgress = now;
        roll(now);
        takenNow += bytes;
    }

    /** Nanoseconds since the kernel last took bytes (or since bytes started to wait). */
    long sinceProgress(long now) {
        return now - lastProgress;
    }

    private void roll(long now) {
        long windows = (now - windowStart) / WINDOW_NANOS;
        if (windows > 0) {
            double before = (takenBefore * 0.8 + takenNow) * Math.pow(0.8, Math.min(windows - 1, 60));
            takenBefore = (long) before;
            takenNow = 0;
            windowStart = now;
        }
    }

    /**
     * Tells the lane what changed: {@code bytes} wait for the socket (0 once it is gone), of which
     * all or nothing for sockets that keep up, and whether it is past {@code holdBackAt}.
     *
     * @param open the socket takes events (not closing or closed)
     */
    void report(IoLane lane, long bytes, boolean open, long holdBackAt, long now) {
        roll(now);
        boolean keepsUp = bytes > 0 && open && now - lastProgress < RECENT_NANOS && bytes <= takenNow + takenBefore;
        long keepingUp = keepsUp ? bytes : 0;
        boolean holding = keepsUp && bytes > holdBackAt;
        if (bytes != reportedBytes || keepingUp != reportedKeepingUp || holding != reportedHolding) {
            lane.account(bytes - reportedBytes, keepingUp - reportedKeepingUp,
                    (holding ? 1 : 0) - (reportedHolding ? 1 : 0));
            reportedBytes = bytes;
            reportedKeepingUp = keepingUp;
            reportedHolding = holding;
        }
    }
}
