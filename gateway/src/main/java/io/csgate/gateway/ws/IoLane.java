package io.csgate.gateway.ws;

import io.csgate.gateway.hub.Frame;
import io.csgate.gateway.trace.LaneDrain;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xnio.XnioIoThread;

/**
 * One IO thread's way in for its websockets. Other threads (the state thread delivering events,
 * the heartbeat timer) stage frames here; the IO thread is woken once per batch, not once per
 * socket or frame, hands each frame to its socket's queue, then writes every socket that got
 * something, all of a socket's queued frames in one write. Under load batches grow by themselves,
 * and so do the writes. The lane also owns the IO thread's read and write buffers, shared by its
 * sockets (a socket holds no buffer of its own while idle).
 *
 * <p>Sockets whose output waits for the client are checked every {@link #CHECK_MILLIS} (budget,
 * whether they keep up); the lane sums what waits, for {@link Lanes#behind()} and the gauge.
 * Fields marked IO thread are only touched by that thread; the sums are written by it alone and
 * read by others.
 */
final class IoLane {

    static final int WRITE_BUFFER_BYTES = 64 * 1024;
    static final int READ_BUFFER_BYTES = 16 * 1024;
    static final long CHECK_MILLIS = 100;

    private final XnioIoThread thread;
    private final Lanes lanes;
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final Runnable drain = this::drain;
    private final Runnable check = this::checkBacklog;
    // IO thread
    private final List<WsSocket> dirty = new ArrayList<>();
    private final List<WsSocket> backlog = new ArrayList<>();
    private boolean checkScheduled;

    private final Object lock = new Object();
    // Staged (guarded by lock): sockets and what each gets (a Frame or a close request), in order.
    private WsSocket[] stagedSockets = new WsSocket[256];
    private Object[] stagedItems = new Object[256];
    private int staged;
    private boolean wakeScheduled;
    /** When the first frame of this drain was staged, while a recording asks for {@link LaneDrain}; else 0. */
    private long firstStagedAt;
    // The spare pair, swapped in as the staging pair at each drain; only the IO thread touches it.
    private WsSocket[] drainSockets = new WsSocket[256];
    private Object[] drainItems = new Object[256];

    /** Bytes of the frames staged and not drained yet (written under lock). */
    private volatile long stagedBytes;
    /** Bytes waiting in the queues of this lane's sockets (written by the IO thread only). */
    private volatile long queuedBytes;
    /** The part of {@link #queuedBytes} waiting for sockets that keep up (IO thread only). */
    private volatile long keepingUpBytes;
    /** Sockets that keep up with more than {@link SocketBudget#holdBackAt} waiting (IO thread only). */
    private volatile int holding;

    IoLane(XnioIoThread thread, Lanes lanes) {
        this.thread = thread;
        this.lanes = lanes;
    }

    XnioIoThread thread() {
        return thread;
    }

    /** A close request staged like a frame, so it follows the frames sent before it (unless it drops them). */
    record CloseRequest(int code, String reason, boolean dropQueued) {}

    /**
     * Stages a frame or a {@link CloseRequest} for a socket of this lane; any thread. Inside a
     * {@link Lanes#deferringWakes} scope the IO thread is woken at the end of the scope (or once
     * the backlog is large), otherwise at once.
     */
    void submit(WsSocket socket, Object item) {
        boolean wake;
        boolean large;
        int bytes = item instanceof Frame f ? f.utf8().length : 0;
        synchronized (lock) {
            if (staged == stagedSockets.length) {
                stagedSockets = Arrays.copyOf(stagedSockets, staged * 2);
                stagedItems = Arrays.copyOf(stagedItems, staged * 2);
            }
            stagedSockets[staged] = socket;
            stagedItems[staged] = item;
            staged++;
            stagedBytes += bytes;
            wake = !wakeScheduled;
            wakeScheduled = true;
            if (wake && LaneDrain.on()) {
                firstStagedAt = System.nanoTime();
            }
            large = staged == Lanes.WAKE_EARLY_AT;
        }
        if (wake || large) {
            List<IoLane> deferred = Lanes.deferred();
            if (deferred == null || large) {
                thread.execute(drain);
            } else {
                deferred.add(this);
            }
        }
    }

    /** Wakes the IO thread to drain what was staged (the end of a deferring scope). */
    void wake() {
        thread.execute(drain);
    }

    /** On the IO thread: hands staged work to the sockets, then writes each touched socket once. */
    private void drain() {
        WsSocket[] sockets;
        Object[] items;
        int n;
        long stagedAt;
        synchronized (lock) {
            stagedAt = firstStagedAt;
            firstStagedAt = 0;
            sockets = stagedSockets;
            items = stagedItems;
            n = staged;
            stagedSockets = drainSockets;
            stagedItems = drainItems;
            staged = 0;
            stagedBytes = 0;
            wakeScheduled = false;
        }
        long now = System.nanoTime();
        LaneDrain traced = stagedAt == 0 ? null : new LaneDrain();
        if (traced != null) {
            traced.begin();
            traced.stagedFor = now - stagedAt;
            traced.frames = n;
        }
        for (int i = 0; i < n; i++) {
            WsSocket s = sockets[i];
            Object item = items[i];
            sockets[i] = null;
            items[i] = null;
            boolean touched;
            try {
                touched = item instanceof Frame frame ? s.enqueue(frame, now) : s.requestClose((CloseRequest) item);
            } catch (RuntimeException e) {
                s.fail(e); // one socket's bug must not lose the rest of the batch
                continue;
            }
            if (touched && !s.dirty) {
                s.dirty = true;
                dirty.add(s);
            }
        }
        // The drained pair (now cleared) is the spare for the next drain; only this thread touches it.
        drainSockets = sockets;
        drainItems = items;
        for (int i = 0; i < dirty.size(); i++) {
            WsSocket s = dirty.get(i);
            s.dirty = false;
            try {
                s.flush();
            } catch (RuntimeException e) {
                s.fail(e);
            }
        }
        dirty.clear();
        if (traced != null) {
            traced.commit();
        }
    }

    /** IO thread: {@code socket} has output waiting for its client; it is checked until it has none. */
    void backlog(WsSocket socket) {
        if (!socket.backlogged) {
            socket.backlogged = true;
            backlog.add(socket);
        }
        if (!checkScheduled) {
            checkScheduled = true;
            thread.executeAfter(check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void checkBacklog() {
        checkScheduled = false;
        long now = System.nanoTime();
        int kept = 0;
        for (int i = 0; i < backlog.size(); i++) {
            WsSocket s = backlog.get(i);
            boolean still;
            try {
                still = s.checkBacklog(now);
            } catch (RuntimeException e) {
                s.fail(e);
                still = false;
            }
            if (still) {
                backlog.set(kept++, s);
            } else {
                s.backlogged = false;
            }
        }
        backlog.subList(kept, backlog.size()).clear();
        if (!backlog.isEmpty()) {
            checkScheduled = true;
            thread.executeAfter(check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** IO thread: a socket's share of the sums changed by these amounts. */
    void account(long bytes, long keepingUp, int holdingDelta) {
        queuedBytes += bytes;
        keepingUpBytes += keepingUp;
        holding += holdingDelta;
    }

    /** IO thread: the socket is gone. */
    void closed(WsSocket socket) {
        lanes.unregister(socket);
    }

    long stagedBytes() {
        return stagedBytes;
    }

    long queuedBytes() {
        return queuedBytes;
    }

    long keepingUpBytes() {
        return keepingUpBytes;
    }

    int holding() {
        return holding;
    }

    /** The IO thread's write buffer; only used on that thread, within one socket's flush. */
    ByteBuffer writeBuffer() {
        return writeBuffer;
    }

    /** The IO thread's read buffer; only used on that thread, within one socket's read. */
    ByteBuffer readBuffer() {
        return readBuffer;
    }
}
