package io.csgate.gateway.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xnio.XnioIoThread;

/**
 * Every IO thread's {@link IoLane}, and batching of their wake-ups. Work run through
 * {@link #deferringWakes} (the applier wraps each batch of log records in it) stages frames
 * without waking any IO thread; each lane that got something is woken once at the end, so a
 * socket gets all of a batch's frames in one write. A lane with a very large staged backlog is
 * woken early, which bounds both memory and the wait of the batch's first frames.
 */
public final class Lanes {

    /** Staged items after which a lane is woken even inside a deferring scope. */
    static final int WAKE_EARLY_AT = 16_384;

    private static final ThreadLocal<List<IoLane>> DEFERRED = new ThreadLocal<>();

    private final Map<XnioIoThread, IoLane> lanes = new ConcurrentHashMap<>();

    IoLane of(XnioIoThread thread) {
        return lanes.computeIfAbsent(thread, IoLane::new);
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
}
