package io.csgate.gateway.ws;

import io.csgate.gateway.hub.CloseCodes;
import io.csgate.gateway.hub.Session;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A websocket as a hub {@link Session}. Writes are asynchronous (Undertow queues them on the
 * channel); the number of frames queued and not yet written is bounded by {@code maxQueued}, and a
 * client that lets it fill up is closed with {@link CloseCodes#SLOW_CONSUMER}. Thread-safe.
 */
final class WsSession implements Session {

    private static final Logger log = LoggerFactory.getLogger(WsSession.class);

    static final long CLOSE_GRACE_MILLIS = 1000;

    private final WebSocketChannel channel;
    private final int maxQueued;
    private final String label;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Runnable onSlow;

    private final WebSocketCallback<Void> written = new WebSocketCallback<>() {
        @Override
        public void complete(WebSocketChannel ch, Void context) {
            queued.decrementAndGet();
        }

        @Override
        public void onError(WebSocketChannel ch, Void context, Throwable error) {
            queued.decrementAndGet();
            close(CloseCodes.NORMAL, "");
        }
    };

    WsSession(WebSocketChannel channel, int maxQueued, String label, Runnable onSlow) {
        this.channel = channel;
        this.maxQueued = maxQueued;
        this.label = label;
        this.onSlow = onSlow;
    }

    @Override
    public boolean send(String frame) {
        if (closing.get() || !channel.isOpen()) {
            return false;
        }
        int depth = queued.incrementAndGet();
        if (depth > maxQueued) {
            queued.decrementAndGet();
            log.info("closing slow websocket {}: {} frames queued, limit {} (max_queued_frames)",
                    label, depth - 1, maxQueued);
            onSlow.run();
            close(CloseCodes.SLOW_CONSUMER, "slow consumer");
            return false;
        }
        WebSockets.sendText(frame, channel, written);
        return true;
    }

    @Override
    public void close(int code, String reason) {
        if (!closing.compareAndSet(false, true) || !channel.isOpen()) {
            return;
        }
        WebSockets.sendClose(code, reason, channel, new WebSocketCallback<>() {
            @Override
            public void complete(WebSocketChannel ch, Void context) {
                closeQuietly();
            }

            @Override
            public void onError(WebSocketChannel ch, Void context, Throwable error) {
                closeQuietly();
            }
        });
        // A client that stopped reading never takes the close frame: cut the connection after a grace period.
        channel.getIoThread().executeAfter(this::closeQuietly, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void closeQuietly() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            channel.close();
        } catch (java.io.IOException e) {
            log.debug("closing websocket {}: {}", label, e.toString());
        }
    }

    @Override
    public boolean isOpen() {
        return !closing.get() && channel.isOpen();
    }

    int queued() {
        return queued.get();
    }
}
