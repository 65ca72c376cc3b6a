package io.csgate.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.body.Bodies;
import io.csgate.common.body.InfoResolution;
import io.csgate.common.body.ValidationException;
import io.csgate.gateway.replica.StateThread;
import io.csgate.gateway.model.ChannelstreamModel;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code /info}, any method (docs/protocol.md §5.9): a read of this replica's state, computed on the state
 * thread. No event is produced.
 */
public final class InfoHandler implements HttpHandler {

    private final ApiGuard guard;
    private final StateThread state;
    private final ChannelstreamModel model;
    private final Duration timeout;
    private final HttpHandler guarded = Failures.guard(this);

    public InfoHandler(ApiGuard guard, StateThread state, ChannelstreamModel model, Duration timeout) {
        this.guard = guard;
        this.state = state;
        this.model = model;
        this.timeout = timeout;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(guarded);
            return;
        }
        try {
            guard.check(exchange);
            JsonNode body = CommandHandler.Bodies.read(exchange);
            InfoResolution resolution = Bodies.info(body);
            Object info = state.call(() -> model.info(resolution)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Responses.json(exchange, 200, info);
        } catch (ApiException e) {
            Responses.error(exchange, e);
        } catch (ValidationException e) {
            Responses.json(exchange, 422, e.errors());
        } catch (TimeoutException e) {
            Responses.json(exchange, 503, CommandHandler.unavailable("the state thread did not answer within "
                    + timeout.toMillis() + " ms"));
        } catch (ExecutionException e) {
            Failures.answer(exchange, e.getCause());
        }
    }
}
