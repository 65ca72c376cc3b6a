package io.csgate.bench.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client websocket. Its state is touched only by its selector thread ({@link IoLoop}); the
 * public methods hand work to that thread and may be called from any thread.
 *
 * <p>Idle, an open connection holds no buffer: {@code carry} exists only while a frame is split
 * across reads, {@code out} only while the kernel refuses a write, {@code fragments} only inside a
 * fragmented message. The JDK's {@code SocketChannel} and {@code SelectionKey} are most of the
 * per-connection heap (docs/benchmarks.md gives the measured total).
 */
public final class WsConnection implements FrameDecoder.Sink {

    static final byte CONNECTING = 0;
    static final byte HANDSHAKE = 1;
    static final byte OPEN = 2;
    static final byte CLOSING = 3;
    static final byte CLOSED = 4;

    private static final int MAX_OUT = 1 << 20;

    final IoLoop loop;
    final SocketChannel channel;
    private final WsListener listener;
    private final int tag;
    SelectionKey key;
    private byte state = CONNECTING;
    private int closeCode = 1005;
    /** Handshake deadline, next heartbeat or close deadline, depending on the state. */
    private long timerNanos;
    private ByteBuffer carry;
    private ByteBuffer out;
    private Fragments fragments;
    private PendingOpen pending;

    /** What only matters until the upgrade completes. */
    record PendingOpen(ByteBuffer request, String expectedAccept, CompletableFuture<WsConnection> future) {}

    WsConnection(IoLoop loop, SocketChannel channel, WsListener listener, int tag, PendingOpen pending,
                 long handshakeDeadline) {
        this.loop = loop;
        this.channel = channel;
        this.listener = listener;
        this.tag = tag;
        this.pending = pending;
        this.timerNanos = handshakeDeadline;
    }

    /** The caller's number for this connection (e.g. a subscriber index). */
    public int tag() {
        return tag;
    }

    /** Sends a text message (masked, one frame). */
    public void sendText(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        loop.execute(() -> write(FrameEncoder.frame(FrameDecoder.OP_TEXT, bytes)));
    }

    /** Starts the close handshake (code 1000); the server is expected to close TCP first. */
    public void close() {
        loop.execute(this::startClose);
    }

    // ---- selector thread only ----

    boolean isClosed() {
        return state == CLOSED;
    }

    void onConnectable() {
        try {
            if (!channel.finishConnect()) {
                return;
            }
            state = HANDSHAKE;
            key.interestOps(SelectionKey.OP_READ);
            write(pending.request());
        } catch (IOException e) {
            finish(1006, "connect failed: " + e.getMessage());
        }
    }

    void onReadable(ByteBuffer shared) {
        try {
            ByteBuffer buf;
            if (carry != null && carry.capacity() > shared.capacity()) {
                buf = carry;
            } else {
                shared.clear();
                if (carry != null) {
                    shared.put(carry.flip());
                    carry = null;
                }
                buf = shared;
            }
            int n = channel.read(buf);
            buf.flip();
            if (state == HANDSHAKE && !readHandshake(buf)) {
                keep(buf, shared);
            } else {
                if (state == OPEN || state == CLOSING) {
                    FrameDecoder.decode(buf, loop.config().maxFrameBytes(), this);
                }
                if (state != CLOSED) {
                    keep(buf, shared);
                }
            }
            if (n < 0 && state != CLOSED) {
                finish(state == CLOSING ? closeCode : 1006, state == CLOSING ? "closed" : "connection dropped");
            }
        } catch (IOException e) {
            finish(1006, e.getMessage());
        }
    }

    void onWritable() {
        try {
            channel.write(out);
            if (!out.hasRemaining()) {
                out = null;
                key.interestOps(SelectionKey.OP_READ);
            }
        } catch (IOException e) {
            finish(1006, "write failed: " + e.getMessage());
        }
    }

    void tick(long now) {
        if (state == OPEN) {
            long interval = loop.config().heartbeatNanos();
            if (interval > 0 && now - timerNanos >= 0) {
                timerNanos = now + interval;
                write(FrameEncoder.frame(FrameDecoder.OP_TEXT, loop.config().heartbeatPayload()));
            }
        } else if (state != CLOSED && now - timerNanos >= 0) {
            finish(state == CLOSING ? closeCode : 1006,
                    state == CLOSING ? "server did not close TCP after the close handshake" : "handshake timed out");
        }
    }

    void startClose() {
        if (state == OPEN) {
            write(FrameEncoder.close(1000));
            enterClosing(1000);
        } else if (state != CLOSED && state != CLOSING) {
            finish(1006, "closed before the upgrade completed");
        }
    }

    void finish(int code, String reason) {
        if (state == CLOSED) {
            return;
        }
        boolean wasOpen = state == OPEN || state == CLOSING;
        state = CLOSED;
        carry = null;
        out = null;
        fragments = null;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing: nothing left to do with the socket
        }
        if (pending != null) {
            pending.future().completeExceptionally(new WsException(reason));
            pending = null;
        } else if (wasOpen) {
            loop.closed();
            listener.onClose(this, code, reason);
        }
    }

    @Override
    public boolean frame(int opcode, boolean fin, byte[] a, int off, int len) throws WsException {
        switch (opcode) {
            case FrameDecoder.OP_TEXT, FrameDecoder.OP_BINARY -> {
                if (fragments != null) {
                    throw new WsException("a new message started before the fragmented one ended");
                }
                if (fin) {
                    listener.onText(this, a, off, len);
                } else {
                    fragments = new Fragments(a, off, len);
                }
            }
            case FrameDecoder.OP_CONTINUATION -> continuation(fin, a, off, len);
            case FrameDecoder.OP_PING -> write(FrameEncoder.frame(FrameDecoder.OP_PONG, a, off, len,
                    ThreadLocalRandom.current().nextInt()));
            case FrameDecoder.OP_CLOSE -> {
                int code = len >= 2 ? ((a[off] & 0xff) << 8) | (a[off + 1] & 0xff) : 1005;
                if (state == OPEN) {
                    write(FrameEncoder.close(code == 1005 ? 1000 : code));
                }
                enterClosing(code);
                return false;
            }
            case FrameDecoder.OP_PONG -> { }
            default -> throw new WsException("unknown opcode " + opcode);
        }
        return state != CLOSED;
    }

    private void continuation(boolean fin, byte[] a, int off, int len) throws WsException {
        if (fragments == null) {
            throw new WsException("continuation frame without a message to continue");
        }
        fragments.append(a, off, len, loop.config().maxFrameBytes());
        if (fin) {
            Fragments whole = fragments;
            fragments = null;
            listener.onText(this, whole.data(), 0, whole.length());
        }
    }

    private void enterClosing(int code) {
        if (state == OPEN) {
            closeCode = code;
            state = CLOSING;
            timerNanos = System.nanoTime() + loop.config().closeWaitNanos();
        }
    }

    private boolean readHandshake(ByteBuffer buf) throws WsException {
        int end = Handshake.headerEnd(buf);
        if (end < 0) {
            if (buf.remaining() >= Handshake.MAX_RESPONSE_HEADER) {
                throw new WsException("upgrade answer header longer than " + Handshake.MAX_RESPONSE_HEADER);
            }
            return false;
        }
        String header = new String(buf.array(), buf.arrayOffset() + buf.position(), end - 4,
                StandardCharsets.ISO_8859_1);
        Handshake.check(header, pending.expectedAccept());
        buf.position(buf.position() + end);
        state = OPEN;
        long interval = loop.config().heartbeatNanos();
        timerNanos = System.nanoTime() + (interval > 0
                ? interval / 2 + ThreadLocalRandom.current().nextLong(interval / 2 + 1) : 0);
        CompletableFuture<WsConnection> future = pending.future();
        pending = null;
        loop.opened();
        listener.onOpen(this);
        future.complete(this);
        return true;
    }

    /** Keeps the unread tail of {@code buf} (an incomplete frame or header) for the next read. */
    private void keep(ByteBuffer buf, ByteBuffer shared) throws WsException {
        int rem = buf.remaining();
        if (rem == 0) {
            carry = null;
            return;
        }
        long need = state == OPEN || state == CLOSING ? FrameDecoder.frameLength(buf) : rem;
        if (need <= shared.capacity()) {
            carry = ByteBuffer.allocate(rem).put(buf);
        } else if (buf == carry && carry.capacity() >= need) {
            carry.compact();
        } else {
            carry = ByteBuffer.allocate((int) need).put(buf);
        }
    }

    private void write(ByteBuffer frame) {
        if (state == CLOSED) {
            return;
        }
        try {
            if (out == null) {
                channel.write(frame);
                if (frame.hasRemaining()) {
                    out = ByteBuffer.allocate(frame.remaining()).put(frame).flip();
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                }
            } else {
                if (out.remaining() + frame.remaining() > MAX_OUT) {
                    throw new WsException("more than " + MAX_OUT + " bytes waiting to be written");
                }
                out = ByteBuffer.allocate(out.remaining() + frame.remaining()).put(out).put(frame).flip();
            }
        } catch (IOException e) {
            finish(1006, "write failed: " + e.getMessage());
        }
    }
}
