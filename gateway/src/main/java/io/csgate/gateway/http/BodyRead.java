package io.csgate.gateway.http;

import io.csgate.common.json.Json;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.ImmediatePooledByteBuffer;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;

/**
 * One request body being read for {@link BodyLimitHandler}: into memory, then handed to the next
 * handler; or refused (413, 503, 400), answered, drained for a while and closed; or cut off at
 * {@code body_timeout}. Touched only on the exchange's IO thread.
 */
final class BodyRead implements ChannelListener<StreamSourceChannel> {

    /** What a refused request may still send, read and dropped, before its connection is closed. */
    static final long DRAIN_LIMIT = 256L * 1024 * 1024;
    /** Buffers read per readiness event while draining, so one client cannot hold an IO thread. */
    private static final int DRAIN_READS_PER_EVENT = 64;

    private final BodyLimitHandler owner;
    private final HttpServerExchange exchange;
    private StreamSourceChannel channel;
    private byte[] bytes = new byte[4096];
    private int length;
    private long held;
    private boolean inHandler = true;
    private boolean listening;
    private boolean finished;
    private XnioExecutor.Key timer;

    BodyRead(BodyLimitHandler owner, HttpServerExchange exchange) {
        this.owner = owner;
        this.exchange = exchange;
    }

    /** Called from the handler; continues asynchronously when the body is not all there yet. */
    void start() throws Exception {
        try {
            long declared = exchange.getRequestContentLength();
            if (declared > owner.max()) {
                refuse(413, "body_too_large", "the body is larger than max_body_bytes (" + owner.max() + " bytes)",
                        "declared " + declared + " bytes, more than max_body_bytes (" + owner.max() + ")");
                return;
            }
            channel = exchange.getRequestChannel();
            timer = exchange.getIoThread().executeAfter(this::timedOut, owner.timeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            readAvailable();
        } finally {
            inHandler = false;
        }
    }

    @Override
    public void handleEvent(StreamSourceChannel ignored) {
        try {
            readAvailable();
        } catch (Exception e) {
            Failures.answer(exchange, e);
        }
    }

    private void readAvailable() throws Exception {
        PooledByteBuffer pooled = exchange.getConnection().getByteBufferPool().allocate();
        try {
            ByteBuffer b = pooled.getBuffer();
            while (!finished) {
                b.clear();
                int r;
                try {
                    r = channel.read(b);
                } catch (IOException e) {
                    unreadable(e);
                    return;
                }
                if (r == -1) {
                    complete();
                    return;
                }
                if (r == 0) {
                    if (!listening) {
                        listening = true;
                        channel.getReadSetter().set(this);
                        channel.resumeReads();
                    }
                    return;
                }
                if ((long) length + r > owner.max()) {
                    refuse(413, "body_too_large", "the body is larger than max_body_bytes (" + owner.max() + " bytes)",
                            "body larger than max_body_bytes (" + owner.max() + "), refused after "
                                    + ((long) length + r) + " bytes");
                    return;
                }
                if (!owner.budget().take(r)) {
                    refuse(503, "bodies_busy", "too many request bodies are arriving at once; try again",
                            "request bodies in flight reached " + owner.budget().limit() + " bytes");
                    return;
                }
                held += r;
                b.flip();
                append(b);
            }
        } finally {
            pooled.close();
        }
    }

    private void append(ByteBuffer b) {
        int n = b.remaining();
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(owner.max(), Math.max(length + n, 2L * bytes.length)));
        }
        b.get(bytes, length, n);
        length += n;
    }

    /** The whole body is in: hand it over as if it were arriving now, and run the next handler. */
    private void complete() throws Exception {
        finish();
        if (length > 0) {
            Connectors.ungetRequestBytes(exchange, new ImmediatePooledByteBuffer(ByteBuffer.wrap(bytes, 0, length)));
            Connectors.resetRequestChannel(exchange);
        }
        bytes = null;
        if (inHandler) {
            owner.next().handleRequest(exchange);
        } else {
            Connectors.executeRootHandler(Failures.guard(owner.next()), exchange);
        }
    }

    private void finish() {
        finished = true;
        if (timer != null) {
            timer.remove();
        }
        if (listening) {
            channel.getReadSetter().set(null);
            channel.suspendReads();
        }
        owner.budget().give(held);
        held = 0;
    }

    private void timedOut() {
        if (finished) {
            return;
        }
        finish();
        bytes = null;
        owner.refused("body_timeout", exchange, "body not received within body_timeout ("
                + owner.timeout().toMillis() + " ms; " + length + " bytes arrived); connection closed");
        IoUtils.safeClose(exchange.getConnection());
    }

    /** Broken chunked encoding, or the client went away mid-body. */
    private void unreadable(IOException e) {
        finish();
        bytes = null;
        if (!exchange.getConnection().isOpen()) {
            return;
        }
        exchange.setPersistent(false);
        Failures.answer(exchange, RequestJson.UNREADABLE);
    }

    private void refuse(int status, String reason, String answer, String logged) {
        finish();
        bytes = null;
        owner.refused(reason, exchange, logged + "; answered " + status);
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("error", status == 413 ? "request entity too large" : "service unavailable");
        body.put("reason", answer);
        byte[] json = Json.bytes(body);
        if (inHandler) {
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> answerThenDrain(status, json));
        } else {
            answerThenDrain(status, json);
        }
    }

    /**
     * Sends the answer with {@code Connection: close}, then reads and drops the rest of the body:
     * closing a socket with unread data in it would reset the connection, and the client could
     * lose the answer with it.
     */
    private void answerThenDrain(int status, byte[] json) {
        exchange.setPersistent(false);
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, json.length);
        IoCallback closeOnError = new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange ex, Sender sender) {
                sender.close(new IoCallback() {
                    @Override
                    public void onComplete(HttpServerExchange ex2, Sender s) {
                        drain();
                    }

                    @Override
                    public void onException(HttpServerExchange ex2, Sender s, IOException e) {
                        IoUtils.safeClose(ex2.getConnection());
                    }
                });
            }

            @Override
            public void onException(HttpServerExchange ex, Sender sender, IOException e) {
                IoUtils.safeClose(ex.getConnection());
            }
        };
        exchange.getResponseSender().send(ByteBuffer.wrap(json), closeOnError);
    }

    private void drain() {
        StreamSourceChannel in = channel != null ? channel : exchange.getRequestChannel();
        if (in == null) {
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        XnioExecutor.Key deadline = exchange.getIoThread().executeAfter(
                () -> IoUtils.safeClose(exchange.getConnection()), owner.timeout().toMillis(), TimeUnit.MILLISECONDS);
        long[] dropped = {0};
        ChannelListener<StreamSourceChannel> discard = ch -> {
            PooledByteBuffer pooled = exchange.getConnection().getByteBufferPool().allocate();
            try {
                ByteBuffer b = pooled.getBuffer();
                for (int i = 0; i < DRAIN_READS_PER_EVENT; i++) {
                    b.clear();
                    int r = ch.read(b);
                    if (r == -1) {
                        deadline.remove();
                        ch.suspendReads();
                        exchange.endExchange(); // request and answer complete: Undertow closes cleanly
                        return;
                    }
                    if (r == 0) {
                        return;
                    }
                    dropped[0] += r;
                    if (dropped[0] > DRAIN_LIMIT) {
                        deadline.remove();
                        IoUtils.safeClose(exchange.getConnection());
                        return;
                    }
                }
            } catch (IOException e) {
                deadline.remove();
                IoUtils.safeClose(exchange.getConnection());
            } finally {
                pooled.close();
            }
        };
        in.getReadSetter().set(discard);
        in.resumeReads();
        discard.handleEvent(in);
    }
}
