package io.csgate.gateway.ws;

import io.csgate.gateway.hub.Attachments;
import io.csgate.gateway.hub.Frame;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One long poll as a hub {@link io.csgate.gateway.hub.Session}: frames sent to it are collected,
 * not written. It takes its catch-up whole (bounded by the model's stored frames), then live
 * frames while the answer stays within {@code maxBytes}; the first live frame that does not fit is
 * refused, {@code onFull} runs and the poll should answer at once: the next poll's catch-up starts
 * at that frame ({@link #resumeAfter}). The {@link LongPollHandler} decides when the poll answers
 * and takes the collected events with {@link #finish}. Frames arrive on the state thread;
 * {@code finish} also runs there, so no frame falls between two polls.
 */
final class PollSession implements Attachments.PollResult {

    private final int maxBytes;
    private final Runnable onFrame;
    private final Runnable onFull;
    private final List<Frame> frames = new ArrayList<>();
    /** Length of the answer so far: the brackets, every frame's events and the commas between. */
    private long bytes = 2;
    private LongSupplier position;
    private long resumeAfter = -1;
    private boolean done;

    /**
     * @param maxBytes largest answer, unless the catch-up alone is larger
     * @param onFrame called on the sending thread after each frame is collected
     * @param onFull called on the sending thread when a live frame does not fit
     */
    PollSession(int maxBytes, Runnable onFrame, Runnable onFull) {
        this.maxBytes = maxBytes;
        this.onFrame = onFrame;
        this.onFull = onFull;
    }

    @Override
    public synchronized boolean send(Frame frame) {
        if (done || resumeAfter >= 0) {
            return false;
        }
        int inner = frame.innerLength();
        long add = inner == 0 ? 0 : inner + (bytes > 2 ? 1 : 0);
        if (position != null && bytes > 2 && bytes + add > maxBytes) {
            resumeAfter = position.getAsLong() - 1;
            onFull.run();
            return false;
        }
        frames.add(frame);
        bytes += add;
        onFrame.run();
        return true;
    }

    @Override
    public synchronized void caughtUp(LongSupplier position) {
        this.position = position;
    }

    @Override
    public synchronized long resumeAfter() {
        return resumeAfter;
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

    /** Splices frames (each a JSON array) into one array without parsing them again. */
    static String merge(List<Frame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write('[');
        boolean first = true;
        for (Frame f : new ArrayList<>(frames)) {
            int inner = f.innerLength();
            if (inner == 0) {
                continue;
            }
            if (!first) {
                out.write(',');
            }
            out.write(f.utf8(), 1, inner);
            first = false;
        }
        out.write(']');
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
