package io.csgate.gateway.ws;

import io.csgate.gateway.hub.Attachments;
import io.csgate.gateway.hub.Frame;
import java.util.ArrayList;
import java.util.List;

/**
 * One long poll as a hub {@link Session}: frames sent to it are collected, not written. The
 * {@link LongPollHandler} decides when the poll answers and takes the collected events with
 * {@link #finish}. Frames arrive on the state thread; {@code finish} also runs there, so no frame
 * falls between two polls (the next poll's catch-up starts where this one finished).
 */
final class PollSession implements Attachments.PollResult {

    private final int maxQueued;
    private final Runnable onFrame;
    private final List<String> frames = new ArrayList<>();
    private boolean done;

    /**
     * @param onFrame called on the sending thread after each frame is collected
     */
    PollSession(int maxQueued, Runnable onFrame) {
        this.maxQueued = maxQueued;
        this.onFrame = onFrame;
    }

    @Override
    public synchronized boolean send(Frame frame) {
        if (done || frames.size() >= maxQueued) {
            return false;
        }
        frames.add(frame.text());
        onFrame.run();
        return true;
    }

    /** Ends the poll and returns every collected event as one JSON array. */
    @Override
    public synchronized String finish() {
        done = true;
        return merge(frames);
    }

    @Override
    public synchronized void close(int code, String reason) {
        done = true;
    }

    @Override
    public synchronized boolean isOpen() {
        return !done;
    }

    /** Joins frames (each a JSON array) into one array without parsing them again. */
    static String merge(List<String> frames) {
        StringBuilder out = new StringBuilder(64);
        out.append('[');
        boolean first = true;
        for (String f : new ArrayList<>(frames)) {
            String inner = f.substring(1, f.length() - 1).strip();
            if (inner.isEmpty()) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            out.append(inner);
            first = false;
        }
        return out.append(']').toString();
    }
}
