package io.csgate.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.json.Json;
import java.io.IOException;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A websocket client that queues every text frame it receives; all waits are bounded. */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;

    void attach(WebSocket ws) {
        this.ws = ws;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
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

    /** The next frame, parsed; fails the test after {@code timeout}. */
    public JsonNode next(Duration timeout) {
        try {
            String f = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (f == null) {
                throw new AssertionError("no websocket frame within " + timeout);
            }
            return Json.parse(f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (IOException e) {
            throw new AssertionError("frame is not JSON", e);
        }
    }

    /** Frames until one matches (heartbeats and others skipped); fails after {@code timeout}. */
    public JsonNode nextMatching(Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> skipped = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            try {
                String f = frames.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (f == null) {
                    break;
                }
                JsonNode node = Json.parse(f);
                if (match.test(node)) {
                    return node;
                }
                skipped.add(f);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            } catch (IOException e) {
                throw new AssertionError("frame is not JSON", e);
            }
        }
        throw new AssertionError("no matching frame within " + timeout + "; skipped " + skipped);
    }

    /** The first event of the next non-heartbeat frame. */
    public JsonNode nextEvent(Duration timeout) {
        return nextMatching(n -> n.isArray() && n.size() > 0, timeout).get(0);
    }

    /** Frames received and not yet taken, without waiting. */
    public List<String> drain() {
        List<String> out = new ArrayList<>();
        frames.drainTo(out);
        return out;
    }

    /** The close code once the server closed the socket. */
    public int closeCode(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket not closed within " + timeout, e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public void send(String text) {
        ws.sendText(text, true).join();
    }

    @Override
    public void close() {
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
    }
}
