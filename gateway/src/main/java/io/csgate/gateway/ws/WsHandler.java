package io.csgate.gateway.ws;

import io.csgate.gateway.hub.Attachments;
import io.csgate.gateway.hub.CloseCodes;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@code /ws?conn_id=…} (protocol §6): attaches the socket to its connection, which may have been
 * created through any gateway. An unknown {@code conn_id} is closed at once with 1000, a malformed
 * one with 1008. Client frames are read and ignored except as activity. Runs on IO threads; never
 * blocks.
 */
public final class WsHandler implements WebSocketConnectionCallback {

    private static final java.util.regex.Pattern CANONICAL = java.util.regex.Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final Attachments attachments;
    private final int maxQueuedFrames;
    private final Runnable onSlowConsumer;
    private final Consumer<UUID> onActivity;

    public WsHandler(Attachments attachments, int maxQueuedFrames, Runnable onSlowConsumer,
                     Consumer<UUID> onActivity) {
        this.attachments = attachments;
        this.maxQueuedFrames = maxQueuedFrames;
        this.onSlowConsumer = onSlowConsumer;
        this.onActivity = onActivity;
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        UUID connId = connId(exchange.getRequestParameters());
        if (connId == null) {
            WebSockets.sendClose(1008, "conn_id must be a UUID", channel, null);
            return;
        }
        WsSession session = new WsSession(channel, maxQueuedFrames, connId.toString(), onSlowConsumer);
        channel.getReceiveSetter().set(new AbstractReceiveListener() {
            @Override
            protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                onActivity.accept(connId);
            }
        });
        channel.addCloseTask(ch -> attachments.closed(connId, session));
        channel.resumeReceives();
        attachments.attach(connId, session).whenComplete((attached, error) -> {
            if (error != null || !attached) {
                session.close(CloseCodes.NORMAL, "");
            }
        });
    }

    static UUID connId(Map<String, List<String>> params) {
        List<String> values = params.get("conn_id");
        if (values == null || values.isEmpty()) {
            return null;
        }
        String raw = values.get(0).trim();
        // UUID.fromString accepts short forms like "1-2-3-4-5"; conn_ids are canonical UUIDs.
        return CANONICAL.matcher(raw).matches() ? UUID.fromString(raw) : null;
    }
}
