package io.csgate.gateway.ws;

import io.csgate.gateway.http.ApiException;
import io.csgate.gateway.hub.Attachments;
import io.csgate.gateway.hub.CloseCodes;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.xnio.StreamConnection;

/**
 * {@code GET /ws?conn_id=…} (docs/protocol.md §7.1): the websocket handshake, then the socket is attached
 * to its connection, which may have been created through any gateway. An unknown {@code conn_id}
 * is closed at once with 1000, a malformed one with 1008. Client frames only count as activity.
 * The websocket protocol itself is ours ({@link WsSocket}, {@link IoLane}): Undertow does the HTTP
 * and hands over the upgraded connection. A request that is not a websocket handshake gets a 400
 * (426 for another protocol version). Runs on IO threads; never blocks.
 */
public final class WsHandler implements HttpHandler {

    private static final Pattern CANONICAL = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final Attachments attachments;
    private final Consumer<String> onGatewayClose;
    private final Consumer<UUID> onActivity;
    private final Lanes lanes;

    /**
     * @param lanes the IO threads' lanes, which carry every socket's budget
     * @param onGatewayClose called on the IO thread, with the {@code reason} tag of
     *     {@code csgate_sessions_closed} ({@link #closeReason}), each time this gateway closes a socket
     * @param onActivity called with the connection id when a client message arrives
     */
    public WsHandler(Attachments attachments, Lanes lanes, Consumer<String> onGatewayClose,
                     Consumer<UUID> onActivity) {
        this.attachments = attachments;
        this.lanes = lanes;
        this.onGatewayClose = onGatewayClose;
        this.onActivity = onActivity;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        HeaderMap headers = exchange.getRequestHeaders();
        String key = headers.getFirst(Headers.SEC_WEB_SOCKET_KEY);
        Handshake.Refusal refusal = Handshake.check(headers.getFirst(Headers.UPGRADE),
                joined(headers, Headers.CONNECTION), headers.getFirst(Headers.SEC_WEB_SOCKET_VERSION), key);
        if (refusal != null) {
            if (refusal.status() == 426) {
                exchange.getResponseHeaders().put(Headers.SEC_WEB_SOCKET_VERSION, Handshake.VERSION);
            }
            throw new ApiException(refusal.status(), Map.of("error", refusal.reason()));
        }
        UUID connId = connId(exchange.getQueryParameters().get("conn_id"));
        java.util.Deque<String> resume = exchange.getQueryParameters().get("resume_from");
        String resumeFrom = resume == null || resume.isEmpty() ? null : resume.peekFirst();
        exchange.getResponseHeaders().put(Headers.UPGRADE, "websocket");
        exchange.getResponseHeaders().put(Headers.SEC_WEB_SOCKET_ACCEPT, Handshake.accept(key));
        exchange.upgradeChannel((connection, ex) -> opened(connection, connId, resumeFrom));
        exchange.endExchange();
    }

    private void opened(StreamConnection connection, UUID connId, String resumeFrom) {
        IoLane lane = lanes.of(connection.getIoThread());
        String label = connId == null ? "(no conn_id)" : connId.toString();
        WsSocket[] self = new WsSocket[1];
        WsSocket socket = new WsSocket(connection, lane, lanes.budget(), label, new WsSocket.Callbacks() {
            @Override
            public void onMessage() {
                if (connId != null) {
                    onActivity.accept(connId);
                }
            }

            @Override
            public void onSlow() {
                onGatewayClose.accept("slow");
            }

            @Override
            public void onClosing(int code) {
                onGatewayClose.accept(closeReason(code));
            }

            @Override
            public void onClosed() {
                if (connId != null) {
                    attachments.closed(connId, self[0]);
                }
            }
        });
        self[0] = socket;
        socket.start();
        if (!lanes.register(socket)) {
            socket.closeNow(CloseCodes.GOING_AWAY, Lanes.SHUTDOWN_REASON);
            return;
        }
        if (connId == null) {
            socket.close(CloseCodes.POLICY_VIOLATION, "conn_id must be a UUID");
            return;
        }
        attachments.attach(connId, socket, resumeFrom).whenComplete((attached, error) -> {
            if (error != null || !attached) {
                socket.close(CloseCodes.NORMAL, "");
            }
        });
    }

    private static String joined(HeaderMap headers, io.undertow.util.HttpString name) {
        var values = headers.get(name);
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }

    /** The {@code reason} tag of {@code csgate_sessions_closed} for a close this gateway started with {@code code}. */
    static String closeReason(int code) {
        return switch (code) {
            case CloseCodes.NORMAL -> "normal";
            case CloseCodes.GOING_AWAY -> "shutdown";
            case CloseCodes.POLICY_VIOLATION -> "bad_conn_id";
            case CloseCodes.SLOW_CONSUMER -> "slow";
            case CloseCodes.GATEWAY_UNAVAILABLE -> "gateway_unavailable";
            default -> "other";
        };
    }

    static UUID connId(Collection<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        String raw = values.iterator().next().trim();
        // UUID.fromString accepts short forms like "1-2-3-4-5"; conn_ids are canonical UUIDs.
        return CANONICAL.matcher(raw).matches() ? UUID.fromString(raw) : null;
    }
}
