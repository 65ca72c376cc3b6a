package io.csgate.gateway.ws;

import io.csgate.common.body.ValidationException;
import io.csgate.gateway.http.ApiException;
import io.csgate.gateway.http.Failures;
import io.csgate.gateway.http.Responses;
import io.csgate.gateway.hub.Attachments;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.xnio.XnioExecutor;

/**
 * {@code GET /listen?conn_id=…[&callback=…]} (docs/protocol.md §7.2): attaches a {@link PollSession} to the
 * connection (with catch-up since the previous poll), waits up to {@code wake_connections_after}
 * for the first frame, keeps collecting while frames follow within 0.25 s (and the answer stays
 * within 64 KiB after the catch-up: a full poll answers at once), then answers one JSON
 * array ({@code application/json}; JSONP {@code callback(…)} as {@code application/javascript}).
 * Unknown connection: 401 HTML as the reference; malformed id: 422 in the usual object shape
 * (docs/protocol.md §14 #11). No thread waits: timers run on the exchange's IO thread.
 */
public final class LongPollHandler implements HttpHandler {

    static final Duration QUIET = Duration.ofMillis(250);
    private static final Pattern CALLBACK = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.]{0,127}");
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** The reference's answer for an unknown connection. */
    private static final ApiException UNKNOWN_CONNECTION = new ApiException(401, new Responses.Html("401 Unauthorized",
            "This server could not verify that you are authorized to access the document requested."));

    private final Attachments attachments;
    private final Duration wait;

    public LongPollHandler(Attachments attachments, Duration wakeConnectionsAfter) {
        this.attachments = attachments;
        this.wait = wakeConnectionsAfter;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String raw = first(exchange.getQueryParameters().get("conn_id"));
        if (raw == null) {
            throw ValidationException.field("conn_id", "Missing data for required field.");
        }
        if (!UUID_TEXT.matcher(raw.trim()).matches()) {
            throw ValidationException.field("conn_id", "Not a valid UUID.");
        }
        String callback = first(exchange.getQueryParameters().get("callback"));
        if (callback != null && !CALLBACK.matcher(callback).matches()) {
            throw ValidationException.field("callback", "Not a valid JavaScript identifier.");
        }
        UUID connId = UUID.fromString(raw.trim());
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> start(exchange, connId, callback));
    }

    private void start(HttpServerExchange exchange, UUID connId, String callback) {
        XnioExecutor io = exchange.getIoThread();
        AtomicBoolean answered = new AtomicBoolean();
        Runnable[] finish = new Runnable[1];
        // Timers are only touched on this exchange's IO thread.
        XnioExecutor.Key[] quietTimer = new XnioExecutor.Key[1];
        PollSession session = new PollSession(SocketBudget.MAX_FRAME_BYTES, () -> io.execute(() -> {
            if (quietTimer[0] == null) {
                // bound the collecting phase: frames that never pause still get answered
                io.executeAfter(finish[0], wait.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                quietTimer[0].remove();
            }
            // answer once no further batch follows within the quiet gap
            quietTimer[0] = io.executeAfter(finish[0], QUIET.toMillis(), TimeUnit.MILLISECONDS);
        }), () -> io.execute(() -> finish[0].run()));
        finish[0] = () -> {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            attachments.finishPoll(connId, session).whenComplete((events, error) -> io.execute(() -> {
                String body = error != null ? "[]" : events;
                if (callback == null) {
                    Responses.text(exchange, 200, "application/json", body);
                } else {
                    Responses.text(exchange, 200, "application/javascript; charset=UTF-8",
                            callback + "(" + body + ")");
                }
            }));
        };
        attachments.attachPoll(connId, session, first(exchange.getQueryParameters().get("resume_from")))
                .whenComplete((attached, error) -> io.execute(() -> {
            if (error != null || !attached) {
                answered.set(true);
                Failures.answer(exchange, UNKNOWN_CONNECTION);
                return;
            }
            io.executeAfter(finish[0], wait.toMillis(), TimeUnit.MILLISECONDS);
        }));
        exchange.addExchangeCompleteListener((ex, next) -> {
            if (!answered.get()) {
                finish[0].run();
            }
            next.proceed();
        });
    }

    private static String first(Deque<String> values) {
        return values == null || values.isEmpty() ? null : values.peekFirst();
    }
}
