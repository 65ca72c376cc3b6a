package io.csgate.gateway.ws;

import java.util.concurrent.TimeUnit;

/**
 * How a websocket's client reads, and the socket's share of its lane's sums: when the client last
 * took bytes, how much it took lately, whether it keeps up, and what was last told to the lane
 * ({@link IoLane#account}). Owned by the socket's IO thread; not thread-safe.
 *
 * <p>A socket keeps up when its client took bytes within the last {@link #RECENT_NANOS} and no
 * more waits than it takes in about five seconds: what it took in about the last five seconds, or,
 * for a backlog younger than that, five seconds at the rate it has read since the backlog began
 * (a burst's first second must not count against a reader with no history). The log is held back for sockets that
 * keep up (fast readers behind a burst catch up within seconds), never for the others: a client
 * slower than its backlog by far must not slow the whole gateway; it lives on its own budget.
 */
final class ReaderPace {

    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A client that took nothing for this long no longer counts as keeping up. */
    static final long RECENT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** A rate is not read off less time than this. */
    private static final long SHORTEST_RATE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** When the kernel last took bytes, or when the queue last stopped being empty. */
    private long lastProgress;
    /**
     * Bytes the kernel took in the current second, and a decaying sum of the seconds before (each
     * earlier second weighs 0.8 times the next): about what a steady reader takes in five seconds.
     */
    private long windowStart;
    private long takenNow;
    private long takenBefore;
    /** When bytes started to wait (the queue stopped being empty), and what the kernel took since. */
    private long backlogSince;
    private long takenSinceBacklog;
    private long reportedBytes;
    private long reportedKeepingUp;
    private boolean reportedHolding;

    /** Bytes wait again after none did: time without progress counts from now. */
    void waiting(long now) {
        lastProgress = now;
        backlogSince = now;
        takenSinceBacklog = 0;
    }

    /** The kernel took {@code bytes}. */
    void taken(int bytes, long now) {
        lastProgress = now;
        roll(now);
        takenNow += bytes;
        takenSinceBacklog += bytes;
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

    /** About what the client takes in five seconds (see the class comment). */
    private long fiveSeconds(long now) {
        long since = Math.max(now - backlogSince, SHORTEST_RATE_NANOS);
        long atRate = (long) (takenSinceBacklog * (5.0 * WINDOW_NANOS / since));
        return Math.max(takenNow + takenBefore, atRate);
    }

    /**
     * Tells the lane what changed: {@code bytes} wait for the socket (0 once it is gone), of which
     * all or nothing for sockets that keep up, and whether it is past {@code holdBackAt}.
     *
     * @param open the socket takes events (not closing or closed)
     */
    void report(IoLane lane, long bytes, boolean open, long holdBackAt, long now) {
        roll(now);
        boolean keepsUp = bytes > 0 && open && now - lastProgress < RECENT_NANOS && bytes <= fiveSeconds(now);
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
