package io.csgate.gateway.http;

import io.csgate.common.body.Bodies;
import io.csgate.common.body.InfoResolution;
import io.csgate.gateway.model.ChannelstreamModel;
import io.csgate.gateway.replica.StateThread;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;

/**
 * {@code /info}, any method (docs/protocol.md §5.9): a read of this replica's state, computed on the
 * state thread ({@link StateQuery}) and answered on the exchange's IO thread, which never waits. No
 * event is produced.
 */
public final class InfoHandler implements HttpHandler {

    private final ApiGuard guard;
    private final StateThread state;
    private final ChannelstreamModel model;
    private final Duration timeout;

    public InfoHandler(ApiGuard guard, StateThread state, ChannelstreamModel model, Duration timeout) {
        this.guard = guard;
        this.state = state;
        this.model = model;
        this.timeout = timeout;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        guard.check(exchange);
        exchange.getRequestReceiver().receiveFullBytes((ex, bytes) -> Failures.guard(ex, () -> {
            InfoResolution resolution = Bodies.info(RequestJson.parse(bytes));
            StateQuery.run(ex, state, timeout, () -> model.info(resolution), (e, info) -> Responses.json(e, 200, info));
        }).run(), (ex, e) -> Failures.answer(ex, RequestJson.UNREADABLE));
    }
}
