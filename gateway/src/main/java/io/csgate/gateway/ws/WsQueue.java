package io.csgate.gateway.ws;

import io.csgate.gateway.hub.Frame;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * One websocket's outbound queue and the bytes it becomes. Hub frames waiting together leave as
 * one text frame: their JSON arrays are spliced ({@code [a]}, {@code [b,c]} and {@code []} make
 * {@code [a,b,c]}), in order, up to {@code maxFrameBytes} of payload per text frame (a single
 * larger frame still goes whole, alone). Nothing waits for company: whatever is queued when the
 * socket writes leaves in that write, so a socket that keeps up gets each frame at once.
 *
 * <p>The bytes are produced straight into the IO thread's write buffer ({@link #fill}); a text
 * frame may span several buffers. Bytes the kernel did not take are handed back
 * ({@link #unwritten}) and go first next time. A pong (only the latest ping is answered, RFC 6455
 * §5.5.3) goes at the next frame boundary; a close frame goes last.
 *
 * <p>{@link #bytes} is what the socket's budget counts: queued frames by their UTF-8 size, the
 * pong, the close frame and bytes handed back. Hub frames are shared by every socket they go to;
 * a queue holds references, so the count is an upper bound of what the queue alone keeps alive.
 * Owned by the socket's IO thread; not thread-safe.
 */
final class WsQueue {

    /** Room a text frame's start needs in the buffer: the longest header and the opening bracket. */
    static final int FRAME_START_BYTES = 11;

    private final int maxFrameBytes;
    /** Created with the first frame, so an idle socket holds no array. */
    private ArrayDeque<Frame> frames;
    private long frameBytes;
    /** The answer to the latest ping, not started yet. */
    private byte[] pong;
    /** The close frame, once asked for; sent after everything else. */
    private byte[] close;
    private boolean closeTaken;
    /** A control frame (pong or close) being copied out. */
    private byte[] control;
    private int controlOff;
    /** Bytes handed out that the kernel did not take: they go first. */
    private byte[] spill;
    private int spillOff;
    /** A text frame is open: its header went out, its closing bracket has not. */
    private boolean open;
    /** Hub frames of the open text frame still at the head of {@code frames}. */
    private int framesLeft;
    /** Bytes of the head frame's events already copied out. */
    private int innerOff;
    /** The next non-empty events need a comma before them. */
    private boolean comma;

    WsQueue(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    void add(Frame frame) {
        if (frames == null) {
            frames = new ArrayDeque<>(4);
        }
        frames.addLast(frame);
        frameBytes += frame.utf8().length;
    }

    /** Answers a ping; replaces an answer to an earlier ping that has not started to leave. */
    void pong(byte[] wireFrame) {
        pong = wireFrame;
    }

    /** The close frame, to go after everything queued (drop frames first with {@link #dropFrames}). */
    void close(byte[] wireFrame) {
        close = wireFrame;
    }

    /**
     * Drops the queued frames that have not started to leave, and an unsent pong; the text frame
     * being written is finished, so the client never reads a cut frame.
     */
    void dropFrames() {
        pong = null;
        if (frames == null) {
            return;
        }
        int keep = open ? framesLeft : 0;
        while (frames.size() > keep) {
            frameBytes -= frames.pollLast().utf8().length;
        }
    }

    /** Bytes waiting for this socket (see the class comment). */
    long bytes() {
        long n = frameBytes;
        if (pong != null) {
            n += pong.length;
        }
        if (close != null && !closeTaken) {
            n += close.length;
        }
        if (control != null) {
            n += control.length - controlOff;
        }
        if (spill != null) {
            n += spill.length - spillOff;
        }
        return n;
    }

    /** Nothing left to hand out. */
    boolean isEmpty() {
        return spill == null && control == null && !open && pong == null
                && (frames == null || frames.isEmpty()) && (close == null || closeTaken);
    }

    /** The close frame has been handed out in full (and nothing after it remains). */
    boolean closeHandedOut() {
        return close != null && isEmpty();
    }

    /** Puts the next bytes to send into {@code out}, up to its limit. */
    void fill(ByteBuffer out) {
        while (out.hasRemaining()) {
            if (spill != null) {
                int n = Math.min(spill.length - spillOff, out.remaining());
                out.put(spill, spillOff, n);
                spillOff += n;
                if (spillOff == spill.length) {
                    spill = null;
                }
            } else if (control != null) {
                int n = Math.min(control.length - controlOff, out.remaining());
                out.put(control, controlOff, n);
                controlOff += n;
                if (controlOff == control.length) {
                    control = null;
                }
            } else if (open) {
                body(out);
            } else if (pong != null) {
                control = pong;
                controlOff = 0;
                pong = null;
            } else if (frames != null && !frames.isEmpty()) {
                if (out.remaining() < FRAME_START_BYTES) {
                    return; // the caller writes what it has and comes back with an empty buffer
                }
                startText(out);
            } else if (close != null && !closeTaken) {
                control = close;
                controlOff = 0;
                closeTaken = true;
            } else {
                return;
            }
        }
    }

    /** Takes back the bytes of {@code rest} the kernel did not take; they go first next time. */
    void unwritten(ByteBuffer rest) {
        int n = rest.remaining();
        if (n == 0) {
            return;
        }
        int old = spill == null ? 0 : spill.length - spillOff;
        byte[] s = new byte[n + old];
        rest.get(s, 0, n);
        if (old > 0) {
            System.arraycopy(spill, spillOff, s, n, old);
        }
        spill = s;
        spillOff = 0;
    }

    /** Opens a text frame over as many queued frames as fit: header and opening bracket. */
    private void startText(ByteBuffer out) {
        long payload = 2;
        int k = 0;
        boolean any = false;
        for (Iterator<Frame> it = frames.iterator(); it.hasNext(); ) {
            int inner = it.next().innerLength();
            long add = inner == 0 ? 0 : inner + (any ? 1 : 0);
            if (k > 0 && payload + add > maxFrameBytes) {
                break;
            }
            payload += add;
            k++;
            any |= inner > 0;
        }
        WireFrames.putHeader(out, WireFrames.OP_TEXT, payload);
        out.put((byte) '[');
        open = true;
        framesLeft = k;
        innerOff = 0;
        comma = false;
    }

    /** Copies the open text frame's events, then its closing bracket, as far as {@code out} takes. */
    private void body(ByteBuffer out) {
        while (out.hasRemaining()) {
            if (framesLeft == 0) {
                out.put((byte) ']');
                open = false;
                return;
            }
            Frame head = frames.peekFirst();
            int inner = head.innerLength();
            if (inner == 0) {
                takeHead(head);
                continue;
            }
            if (innerOff == 0 && comma) {
                out.put((byte) ',');
                comma = false;
                continue;
            }
            int n = Math.min(inner - innerOff, out.remaining());
            out.put(head.utf8(), 1 + innerOff, n);
            innerOff += n;
            if (innerOff == inner) {
                takeHead(head);
                innerOff = 0;
                comma = true;
            }
        }
    }

    private void takeHead(Frame head) {
        frames.pollFirst();
        frameBytes -= head.utf8().length;
        framesLeft--;
    }
}
