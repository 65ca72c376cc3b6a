package io.csgate.gateway.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK websocket client that reads as fast as it can and counts the {@code message} events whose
 * payload is {@code {"seq": n}}: every event of every frame's array, checking that they come in
 * order. Close codes and errors are kept.
 */
final class Subscriber implements WebSocket.Listener, AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final AtomicInteger received = new AtomicInteger();
    final AtomicInteger frames = new AtomicInteger();
    final AtomicBoolean inOrder = new AtomicBoolean(true);
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private int last = -1;
    private WebSocket ws;

    static Subscriber open(String wsBase, String connId) {
        Subscriber s = new Subscriber();
        try {
            s.ws = HTTP.newWebSocketBuilder().buildAsync(URI.create(wsBase + "/ws?conn_id=" + connId), s)
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("websocket to " + wsBase + " failed", e);
        }
        return s;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean isLast) {
        partial.append(data);
        if (isLast) {
            count(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    private void count(String frame) {
        frames.incrementAndGet();
        JsonNode events;
        try {
            events = Json.parse(frame);
        } catch (IOException e) {
            inOrder.set(false);
            return;
        }
        for (JsonNode e : events) {
            if (!"message".equals(e.path("type").asText())) {
                continue;
            }
            int seq = e.path("message").path("seq").asInt(-1);
            if (seq != last + 1) {
                inOrder.set(false);
            }
            last = seq;
            received.incrementAndGet();
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }
}
