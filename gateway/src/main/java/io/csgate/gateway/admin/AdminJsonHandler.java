package io.csgate.gateway.admin;

import io.csgate.gateway.http.Failures;
import io.csgate.gateway.http.Responses;
import io.csgate.gateway.replica.StateThread;
import io.csgate.gateway.model.ChannelstreamModel;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code /admin/admin.json} (docs/protocol.md §6.1): the model's counters, channels and users, read on
 * the state thread, plus this gateway's {@code uptime} and the protocol {@code version}. The
 * request body is ignored, as by the reference. No thread waits for the state thread.
 */
final class AdminJsonHandler implements HttpHandler {

    static final String VERSION = "0.7.1";

    private final StateThread state;
    private final ChannelstreamModel model;
    private final Clock clock;
    private final Instant started;
    private final Duration timeout;

    AdminJsonHandler(StateThread state, ChannelstreamModel model, Clock clock, Duration timeout) {
        this.state = state;
        this.model = model;
        this.clock = clock;
        this.started = clock.instant();
        this.timeout = timeout;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        CompletableFuture<Map<String, Object>> info = state.call(model::adminInfo);
        exchange.dispatch(SameThreadExecutor.INSTANCE, () ->
                info.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((result, error) ->
                        exchange.getIoThread().execute(Failures.guard(exchange, () -> answer(exchange, result, error)))));
    }

    private void answer(HttpServerExchange exchange, Map<String, Object> result, Throwable error) {
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException) {
            Responses.json(exchange, 503, Map.of("error", "service unavailable", "reason",
                    "the state thread did not answer within " + timeout.toMillis() + " ms"));
            return;
        }
        if (cause != null) {
            Failures.answer(exchange, cause);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>(result);
        body.put("uptime", uptime(Duration.between(started, clock.instant())));
        body.put("version", VERSION);
        Responses.json(exchange, 200, body);
    }

    /** Python's {@code str(timedelta)} without the fraction: {@code H:MM:SS}, {@code N day(s), H:MM:SS}. */
    static String uptime(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long days = s / 86_400;
        String hms = String.format("%d:%02d:%02d", (s % 86_400) / 3600, (s % 3600) / 60, s % 60);
        return days == 0 ? hms : days + (days == 1 ? " day, " : " days, ") + hms;
    }
}
