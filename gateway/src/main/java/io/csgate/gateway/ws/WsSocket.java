package io.csgate.gateway.ws;

import io.csgate.gateway.hub.CloseCodes;
import io.csgate.gateway.hub.Frame;
import io.csgate.gateway.hub.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * A websocket on an upgraded connection, as a hub {@link Session}. {@link #send} and
 * {@link #close} may be called from any thread: they stage work on the socket's {@link IoLane}.
 * Everything else runs on the connection's IO thread: the {@link WsQueue} (shared frames, spliced
 * into as few text frames as possible when written), writes, and reading client frames.
 *
 * <p>The budget ({@link SocketBudget}), checked when a write leaves bytes the kernel did not take
 * and while such bytes wait: a client that leaves more than {@code maxQueuedBytes} untaken, or
 * takes nothing for {@code slowConsumerAfter} while something waits, is closed with
 * {@link CloseCodes#SLOW_CONSUMER}; what was queued for it is dropped. While the kernel refuses our output and more than
 * {@link #READ_PAUSE_BYTES} wait, the client is not read either, so its pings cannot make us
 * queue more for a client that does not read. A client that does not answer a close within
 * {@link #CLOSE_GRACE_MILLIS} ({@link #SLOW_CLOSE_GRACE_MILLIS} after a 4001) is cut off.
 */
final class WsSocket implements Session, ClientFrameReader.Events {

    private static final Logger log = LoggerFactory.getLogger(WsSocket.class);

    static final long CLOSE_GRACE_MILLIS = 1000;
    /**
     * Grace after a slow-consumer close: a client that resumes reading within it (a pause, not a
     * dead peer) still reads its 4001 and the reason; meanwhile it holds no queue, only what the
     * kernel has.
     */
    static final long SLOW_CLOSE_GRACE_MILLIS = 5000;
    /** Reads per readiness event, so one busy client cannot hold the IO thread. */
    private static final int READS_PER_EVENT = 8;
    /** Output refused by the kernel beyond which the client's input is not read. */
    static final int READ_PAUSE_BYTES = IoLane.WRITE_BUFFER_BYTES;
    /**
     * The kernel's send buffer of a websocket (SO_SNDBUF; Linux doubles it): fixed rather than grown
     * up to megabytes by autotuning, so that a backlog waits in our queue, where it is counted,
     * budgeted and coalesced, and so that a client's reading shows as progress every few hundred
     * milliseconds (the kernel says a socket is writable again when half its buffer has drained).
     * 512 KB in flight still allows 5 MB/s to a client 100 ms away.
     */
    static final int KERNEL_SEND_BUFFER_BYTES = 256 * 1024;

    private enum State { OPEN, CLOSING, CLOSE_SENT, CLOSED }

    private final StreamConnection connection;
    private final ConduitStreamSinkChannel sink;
    private final ConduitStreamSourceChannel source;
    private final IoLane lane;
    private final SocketBudget budget;
    /** Bytes of frames {@link #send} handed to the lane that {@link #enqueue} has not taken yet (any thread). */
    private final java.util.concurrent.atomic.AtomicLong submitted = new java.util.concurrent.atomic.AtomicLong();
    /** {@link WsQueue#bytes} as the IO thread last saw it, for other threads. */
    private volatile long queuedNow;
    private final String label;
    private final Callbacks callbacks;
    private final ClientFrameReader reader = new ClientFrameReader();
    private final WsQueue queue = new WsQueue(SocketBudget.MAX_FRAME_BYTES);

    /** False once a close was asked for or the connection ended; read by any thread. */
    private volatile boolean open = true;

    // Owned by the IO thread.
    private State state = State.OPEN;
    private boolean writesResumed;
    private boolean readsSuspended;
    private boolean peerClosed;
    private final ReaderPace pace = new ReaderPace();
    /** Set by the lane while this socket waits in its list of sockets to write. */
    boolean dirty;
    /** Set by the lane while this socket is in its list of sockets with a backlog. */
    boolean backlogged;

    /** What the socket tells its owner; called on the IO thread. */
    interface Callbacks {
        /** A complete client message arrived (content is ignored, docs/protocol.md §7.1). */
        void onMessage();

        /** The budget was exceeded; the socket is being closed with 4001. */
        void onSlow();

        /** The gateway started closing the socket with {@code code} ({@link #close}, {@link #closeNow}); once. */
        void onClosing(int code);

        /** The connection is gone, for whatever reason; called once. */
        void onClosed();
    }

    WsSocket(StreamConnection connection, IoLane lane, SocketBudget budget, String label, Callbacks callbacks) {
        this.connection = connection;
        this.sink = connection.getSinkChannel();
        this.source = connection.getSourceChannel();
        this.lane = lane;
        this.budget = budget;
        this.label = label;
        this.callbacks = callbacks;
    }

    /** Starts reading; on the IO thread, right after the upgrade. */
    void start() {
        try {
            connection.setOption(Options.SEND_BUFFER, KERNEL_SEND_BUFFER_BYTES);
        } catch (IOException | RuntimeException e) {
            log.debug("websocket {}: send buffer left as it was: {}", label, e.toString());
        }
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
        submitted.addAndGet(frame.utf8().length);
        lane.submit(this, frame);
        return true;
    }

    /** Bytes handed to {@link #send} and not yet written: what a catch-up waits on before sending more. */
    @Override
    public long backlogBytes() {
        return submitted.get() + queuedNow;
    }

    @Override
    public void close(int code, String reason) {
        if (open) {
            open = false;
            lane.submit(this, new IoLane.CloseRequest(code, reason, false));
        }
    }

    /** Closes after the frame being written, dropping what is queued behind it (shutdown). */
    void closeNow(int code, String reason) {
        if (open) {
            open = false;
            lane.submit(this, new IoLane.CloseRequest(code, reason, true));
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    // ---- IO thread from here on ----

    /**
     * Queues a frame; true when there is something new to write. The budget is checked after the
     * write that follows ({@link #flush}): what counts is what the client has not taken.
     */
    boolean enqueue(Frame frame, long now) {
        submitted.addAndGet(-frame.utf8().length);
        if (state != State.OPEN) {
            return false;
        }
        if (queue.isEmpty()) {
            pace.waiting(now);
        }
        queue.add(frame);
        queuedNow = queue.bytes();
        return true;
    }

    /** True when queued bytes have waited longer than the budget allows without the client taking any. */
    private boolean stalled(long now) {
        return !queue.isEmpty() && pace.sinceProgress(now) > budget.slowConsumerAfterNanos();
    }

    private void slow(long queued, long now) {
        double idle = pace.sinceProgress(now) / 1e9;
        log.info("closing slow websocket {}: {} bytes queued, limit {} (max_queued_bytes); nothing taken for {} s,"
                + " limit {} s (slow_consumer_after)", label, queued, budget.maxQueuedBytes(),
                String.format(Locale.ROOT, "%.1f", idle),
                String.format(Locale.ROOT, "%.1f", budget.slowConsumerAfterNanos() / 1e9));
        callbacks.onSlow();
        startClose(WireFrames.close(CloseCodes.SLOW_CONSUMER, slowReason(queued, budget.maxQueuedBytes(), idle)), true,
                SLOW_CLOSE_GRACE_MILLIS);
        suspendReads(); // its pings must not queue more; reading resumes once the close frame is out
    }

    /** The 4001 close reason: what was waiting, the limit, and for how long the client took nothing. */
    static String slowReason(long queued, long limit, double secondsWithoutProgress) {
        return String.format(Locale.ROOT, "slow consumer: %d bytes queued, limit %d, %.1f s without progress",
                queued, limit, secondsWithoutProgress);
    }

    /** A close asked for through {@link #close} or {@link #closeNow}. */
    boolean requestClose(IoLane.CloseRequest request) {
        boolean started = startClose(WireFrames.close(request.code(), request.reason()), request.dropQueued());
        if (started) {
            callbacks.onClosing(request.code());
        }
        return started;
    }

    private boolean startClose(byte[] closeFrame, boolean dropQueued) {
        return startClose(closeFrame, dropQueued, CLOSE_GRACE_MILLIS);
    }

    private boolean startClose(byte[] closeFrame, boolean dropQueued, long graceMillis) {
        if (state != State.OPEN) {
            return false;
        }
        state = State.CLOSING;
        open = false;
        if (dropQueued) {
            queue.dropFrames();
        }
        queue.close(closeFrame);
        // a client that never reads never takes the close frame: cut it off after a grace period
        lane.thread().executeAfter(this::terminate, graceMillis, TimeUnit.MILLISECONDS);
        return true;
    }

    /** Writes as much of the queue as the socket takes, 64 KiB per write. */
    void flush() {
        if (state == State.CLOSED || state == State.CLOSE_SENT) {
            return;
        }
        ByteBuffer out = lane.writeBuffer();
        long now = System.nanoTime();
        try {
            while (true) {
                out.clear();
                queue.fill(out);
                out.flip();
                int total = out.remaining();
                if (total == 0) {
                    break;
                }
                int written = sink.write(out);
                if (written > 0) {
                    pace.taken(written, now);
                }
                if (written < total) {
                    queue.unwritten(out);
                    if (!writesResumed) {
                        writesResumed = true;
                        sink.resumeWrites();
                    }
                    lane.backlog(this);
                    long queued = queue.bytes();
                    if (state == State.OPEN && (queued > budget.maxQueuedBytes() || stalled(now))) {
                        slow(queued, now); // the rest goes when the client reads again, if it does
                    } else if (queued > READ_PAUSE_BYTES) {
                        suspendReads();
                    }
                    account(now);
                    return;
                }
            }
            if (writesResumed) {
                writesResumed = false;
                sink.suspendWrites();
            }
            if (readsSuspended && state != State.CLOSED) {
                readsSuspended = false;
                source.resumeReads();
            }
            account(now);
            if (state == State.CLOSING && queue.closeHandedOut()) {
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

    /**
     * Called by the lane's backlog check while output waits: closes a socket past its budget, and
     * reports whether it still keeps up. False once it has nothing waiting (or is gone).
     */
    boolean checkBacklog(long now) {
        if (state == State.CLOSED || queue.isEmpty()) {
            account(now);
            return false;
        }
        if (state == State.OPEN && stalled(now)) {
            slow(queue.bytes(), now);
            flush();
        }
        account(now);
        return state != State.CLOSED;
    }

    /** Tells the lane how much waits here and whether this socket keeps up ({@link ReaderPace}). */
    private void account(long now) {
        queuedNow = state == State.CLOSED ? 0 : queue.bytes();
        pace.report(lane, state == State.CLOSED ? 0 : queue.bytes(), state == State.OPEN, budget.holdBackAt(), now);
    }

    private void suspendReads() {
        if (!readsSuspended) {
            readsSuspended = true;
            source.suspendReads();
        }
    }

    private void onReadable() {
        ByteBuffer in = lane.readBuffer();
        try {
            for (int i = 0; i < READS_PER_EVENT && !readsSuspended; i++) {
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
            queue.pong(WireFrames.pong(payload));
            if (!writesResumed) {
                flush(); // else the kernel is full: the pong goes when it takes more
            }
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

    /** True once the connection is gone. */
    boolean isClosed() {
        return state == State.CLOSED;
    }

    /** Closes the connection at once; idempotent. */
    private void terminate() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        open = false;
        account(System.nanoTime());
        IoUtils.safeClose(connection);
        lane.closed(this);
        callbacks.onClosed();
    }
}
