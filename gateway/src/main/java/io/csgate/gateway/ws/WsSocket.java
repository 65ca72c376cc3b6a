package io.csgate.gateway.ws;

import io.csgate.gateway.hub.CloseCodes;
import io.csgate.gateway.hub.Frame;
import io.csgate.gateway.hub.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * A websocket on an upgraded connection, as a hub {@link Session}. {@link #send} and
 * {@link #close} may be called from any thread: they stage work on the socket's {@link IoLane}.
 * Everything else runs on the connection's IO thread: the queue of encoded frames (shared byte
 * arrays, one per frame however many sockets get it), writes of all queued frames at once, and
 * reading client frames. A client that lets {@code maxQueued} frames pile up is closed with
 * {@link CloseCodes#SLOW_CONSUMER}; one that does not answer a close within
 * {@link #CLOSE_GRACE_MILLIS} is cut off.
 */
final class WsSocket implements Session, ClientFrameReader.Events {

    private static final Logger log = LoggerFactory.getLogger(WsSocket.class);

    static final long CLOSE_GRACE_MILLIS = 1000;
    /** Reads per readiness event, so one busy client cannot hold the IO thread. */
    private static final int READS_PER_EVENT = 8;

    private enum State { OPEN, CLOSING, CLOSE_SENT, CLOSED }

    private final StreamConnection connection;
    private final ConduitStreamSinkChannel sink;
    private final ConduitStreamSourceChannel source;
    private final IoLane lane;
    private final int maxQueued;
    private final String label;
    private final Callbacks callbacks;
    private final ClientFrameReader reader = new ClientFrameReader();

    /** False once a close was asked for or the connection ended; read by any thread. */
    private volatile boolean open = true;

    // Owned by the IO thread.
    private State state = State.OPEN;
    private ArrayDeque<byte[]> queue;
    private int headWritten;
    private boolean writesResumed;
    private boolean peerClosed;
    /** Set by the lane while this socket waits in its list of sockets to write. */
    boolean dirty;

    /** What the socket tells its owner; called on the IO thread. */
    interface Callbacks {
        /** A complete client message arrived (content is ignored, docs/protocol.md §7.1). */
        void onMessage();

        /** The queue reached its limit; the socket is being closed with 4001. */
        void onSlow();

        /** The connection is gone, for whatever reason; called once. */
        void onClosed();
    }

    WsSocket(StreamConnection connection, IoLane lane, int maxQueued, String label, Callbacks callbacks) {
        this.connection = connection;
        this.sink = connection.getSinkChannel();
        this.source = connection.getSourceChannel();
        this.lane = lane;
        this.maxQueued = maxQueued;
        this.label = label;
        this.callbacks = callbacks;
    }

    /** Starts reading; on the IO thread, right after the upgrade. */
    void start() {
        sink.getWriteSetter().set(ch -> flush());
        source.getReadSetter().set(ch -> onReadable());
        connection.getCloseSetter().set(c -> terminate());
        source.resumeReads();
    }

    @Override
    public boolean send(Frame frame) {
        if (!open) {
            return false;
        }
        lane.submit(this, frame);
        return true;
    }

    @Override
    public void close(int code, String reason) {
        if (open) {
            open = false;
            lane.submit(this, new IoLane.CloseRequest(code, reason));
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    // ---- IO thread from here on ----

    /** Queues a frame; true when there is something new to write. */
    boolean enqueue(Frame frame) {
        if (state != State.OPEN) {
            return false;
        }
        if (queue == null) {
            queue = new ArrayDeque<>(4);
        }
        if (queue.size() >= maxQueued) {
            log.info("closing slow websocket {}: {} frames queued, limit {} (max_queued_frames)",
                    label, queue.size(), maxQueued);
            callbacks.onSlow();
            startClose(WireFrames.close(CloseCodes.SLOW_CONSUMER, "slow consumer"), true);
            return true;
        }
        queue.add(WireFrames.text(frame));
        return true;
    }

    /** A close asked for through {@link #close}: after the frames queued before it. */
    boolean requestClose(IoLane.CloseRequest request) {
        return startClose(WireFrames.close(request.code(), request.reason()), false);
    }

    private boolean startClose(byte[] closeFrame, boolean dropQueued) {
        if (state != State.OPEN) {
            return false;
        }
        state = State.CLOSING;
        open = false;
        if (queue == null) {
            queue = new ArrayDeque<>(1);
        } else if (dropQueued) {
            // keep a frame already partly written, or the client would read garbage before the close
            byte[] head = headWritten > 0 ? queue.peekFirst() : null;
            queue.clear();
            if (head != null) {
                queue.add(head);
            }
        }
        queue.add(closeFrame);
        // a client that never reads never takes the close frame: cut it off after a grace period
        lane.thread().executeAfter(this::terminate, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        return true;
    }

    /** Writes as much of the queue as the socket takes, many frames per write. */
    void flush() {
        if (state == State.CLOSED || state == State.CLOSE_SENT) {
            return;
        }
        ByteBuffer out = lane.writeBuffer();
        try {
            while (queue != null && !queue.isEmpty()) {
                out.clear();
                fill(out);
                out.flip();
                int total = out.remaining();
                int written = sink.write(out);
                consume(written);
                if (written < total) {
                    if (!writesResumed) {
                        writesResumed = true;
                        sink.resumeWrites();
                    }
                    return;
                }
            }
            if (writesResumed) {
                writesResumed = false;
                sink.suspendWrites();
            }
            if (state == State.CLOSING) {
                state = State.CLOSE_SENT;
                sink.shutdownWrites();
                sink.flush();
                if (peerClosed) {
                    terminate();
                }
            }
        } catch (IOException e) {
            log.debug("writing to websocket {}: {}", label, e.toString());
            terminate();
        }
    }

    private void fill(ByteBuffer out) {
        int offset = headWritten;
        Iterator<byte[]> it = queue.iterator();
        while (it.hasNext() && out.hasRemaining()) {
            byte[] frame = it.next();
            int n = Math.min(frame.length - offset, out.remaining());
            out.put(frame, offset, n);
            offset = 0;
        }
    }

    private void consume(int written) {
        int left = written;
        while (left > 0) {
            byte[] head = queue.peekFirst();
            int rest = head.length - headWritten;
            if (left >= rest) {
                queue.pollFirst();
                left -= rest;
                headWritten = 0;
            } else {
                headWritten += left;
                left = 0;
            }
        }
    }

    private void onReadable() {
        ByteBuffer in = lane.readBuffer();
        try {
            for (int i = 0; i < READS_PER_EVENT; i++) {
                in.clear();
                int n = source.read(in);
                if (n < 0) {
                    terminate(); // the client went away (after its close frame, or without one)
                    return;
                }
                if (n == 0) {
                    return;
                }
                in.flip();
                if (!reader.isDone()) {
                    reader.feed(in, this);
                }
                if (n < in.capacity()) {
                    return; // drained: the selector calls again when more arrives (saves a read that returns 0)
                }
            }
        } catch (IOException e) {
            log.debug("reading websocket {}: {}", label, e.toString());
            terminate();
        }
    }

    @Override
    public void onMessage() {
        callbacks.onMessage();
    }

    @Override
    public void onPing(byte[] payload) {
        if (state == State.OPEN) {
            if (queue == null) {
                queue = new ArrayDeque<>(1);
            }
            queue.add(WireFrames.pong(payload));
            flush();
        }
    }

    @Override
    public void onPong() {
        // unsolicited pongs are allowed and mean nothing
    }

    @Override
    public void onClose(int code, String reason) {
        peerClosed = true;
        if (state == State.OPEN) {
            // echo the client's code (RFC 6455 §5.5.1), then close once it is written
            startClose(code == ClientFrameReader.NO_STATUS ? WireFrames.emptyClose() : WireFrames.close(code, ""), false);
            flush();
        } else if (state == State.CLOSE_SENT) {
            terminate();
        }
    }

    @Override
    public void onProtocolError(int code, String reason) {
        log.debug("websocket {} broke the protocol: {}", label, reason);
        if (startClose(WireFrames.close(code, reason), true)) {
            flush();
        }
    }

    /** An unexpected error while serving this socket: logged, and the connection is cut. */
    void fail(RuntimeException e) {
        log.warn("websocket {} failed; closing it", label, e);
        terminate();
    }

    /** Closes the connection at once; idempotent. */
    private void terminate() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        open = false;
        queue = null;
        IoUtils.safeClose(connection);
        callbacks.onClosed();
    }
}
