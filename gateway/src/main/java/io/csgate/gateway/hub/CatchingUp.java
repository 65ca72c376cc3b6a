package io.csgate.gateway.hub;

import java.util.ArrayList;
import java.util.List;

/**
 * A session while its catch-up from the log is read ({@link Resumes}): it stands in the hub for
 * the real one, keeps the live frames that arrive meanwhile (after the frames it was given at the
 * start), and hands them over, in order, once the catch-up is through. Heartbeats and closes go
 * straight through. Live frames come on the state thread, so does the hand-over; the reader
 * thread only asks whether to go on.
 */
final class CatchingUp implements Session {

    private final Session target;
    private final long maxHeldBytes;
    private final List<Frame> held = new ArrayList<>();
    private long heldBytes;
    private boolean overflowed;
    private volatile boolean closed;

    /**
     * @param first frames the session gets after the catch-up and before the live ones
     * @param maxHeldBytes live frames held beyond this size are a slow consumer's
     */
    CatchingUp(Session target, List<Frame> first, long maxHeldBytes) {
        this.target = target;
        this.maxHeldBytes = maxHeldBytes;
        first.forEach(this::hold);
    }

    Session target() {
        return target;
    }

    @Override
    public synchronized boolean send(Frame frame) {
        if (closed || overflowed) {
            return false;
        }
        hold(frame);
        return true;
    }

    private void hold(Frame frame) {
        held.add(frame);
        heldBytes += frame.utf8().length;
        if (heldBytes > maxHeldBytes) {
            overflowed = true;
            held.clear();
        }
    }

    @Override
    public void heartbeat() {
        target.heartbeat();
    }

    @Override
    public void close(int code, String reason) {
        closed = true;
        target.close(code, reason);
    }

    @Override
    public boolean isOpen() {
        return !closed && target.isOpen();
    }

    @Override
    public long backlogBytes() {
        return target.backlogBytes();
    }

    /** Whether the live frames held went past the limit (they were dropped). */
    synchronized boolean overflowed() {
        return overflowed;
    }

    /** The held frames, in order, to the real session; on the state thread, which sends no others meanwhile. */
    synchronized void handOver() {
        for (Frame f : held) {
            target.send(f);
        }
        held.clear();
        closed = true;
    }

    /** Forgets the held frames: the catch-up did not reach them, so they must not jump ahead. */
    synchronized void drop() {
        held.clear();
        closed = true;
    }
}
