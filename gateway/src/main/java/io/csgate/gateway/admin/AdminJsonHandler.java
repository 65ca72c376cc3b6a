package io.csgate.gateway.admin;

import io.csgate.gateway.http.Responses;
import io.csgate.gateway.http.StateQuery;
import io.csgate.gateway.model.ChannelstreamModel;
import io.csgate.gateway.replica.StateThread;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /admin/admin.json} (docs/protocol.md §6.1): the model's counters, channels and users, read on
 * the state thread ({@link StateQuery}), plus this gateway's {@code uptime} and the protocol
 * {@code version}. The request body is ignored, as by the reference. No thread waits for the state
 * thread.
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
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        StateQuery.run(exchange, state, timeout, model::adminInfo, (ex, info) -> {
            Map<String, Object> body = new LinkedHashMap<>(info);
            body.put("uptime", uptime(Duration.between(started, clock.instant())));
            body.put("version", VERSION);
            Responses.json(ex, 200, body);
        });
    }

    /** Python's {@code str(timedelta)} without the fraction: {@code H:MM:SS}, {@code N day(s), H:MM:SS}. */
    static String uptime(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long days = s / 86_400;
        String hms = String.format("%d:%02d:%02d", (s % 86_400) / 3600, (s % 3600) / 60, s % 60);
        return days == 0 ? hms : days + (days == 1 ? " day, " : " days, ") + hms;
    }
}
