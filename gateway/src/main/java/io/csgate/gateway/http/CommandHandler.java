package io.csgate.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.body.ValidationException;
import io.csgate.common.event.Envelope;
import io.csgate.common.json.Json;
import io.csgate.gateway.hub.StateThread;
import io.csgate.gateway.log.Applier;
import io.csgate.gateway.log.EventPublisher;
import io.csgate.gateway.metrics.Meters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-your-writes pipeline of every state-changing endpoint (architecture decision 5):
 * auth → parse → validate (422, nothing produced) → precheck on the state thread → produce the
 * signed event ({@code acks=all}) → wait until this gateway's applier has applied it → answer with
 * the result computed at apply time. Kafka unavailable or too slow → 503 JSON within
 * {@code publish_timeout}. Runs on a worker thread up to the produce; the wait holds no thread.
 */
public final class CommandHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);

    private final Command command;
    private final ApiGuard guard;
    private final Applier applier;
    private final StateThread state;
    private final EventPublisher publisher;
    private final String origin;
    private final Duration timeout;
    private final Timer waitTimer;
    private final Clock clock;

    public CommandHandler(Command command, ApiGuard guard, Applier applier, EventPublisher publisher,
                          String origin, Duration timeout, MeterRegistry registry) {
        this.command = command;
        this.guard = guard;
        this.applier = applier;
        this.state = applier;
        this.publisher = publisher;
        this.origin = origin;
        this.timeout = timeout;
        this.waitTimer = Timer.builder(Meters.PUBLISH_WAIT).tag("op", command.op().wireName())
                .publishPercentiles(0.5, 0.99).register(registry);
        this.clock = Clock.systemUTC();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        try {
            if (command.signed()) {
                guard.check(exchange);
            }
            JsonNode body = Bodies.read(exchange);
            Instant now = clock.instant();
            Command.Prepared prepared = command.prepare(exchange, body, now);
            Object early = prepared.precheck() == null ? null : await(state.call(prepared.precheck()));
            if (early != null) {
                Responses.json(exchange, 200, early);
                return;
            }
            publishAndAnswer(exchange, prepared.body(), now);
        } catch (ApiException e) {
            Responses.error(exchange, e);
        } catch (ValidationException e) {
            Responses.json(exchange, 422, e.errors());
        }
    }

    private void publishAndAnswer(HttpServerExchange exchange, JsonNode body, Instant now) {
        String id = UUID.randomUUID().toString();
        Envelope event = Envelope.of(id, command.op(), now, origin, body);
        CompletableFuture<Object> applied = applier.expect(id);
        long started = System.nanoTime();
        publisher.publish(event, null).whenComplete((meta, error) -> {
            if (error != null) {
                applied.completeExceptionally(new PublishFailed(error));
            }
        });
        // Keep the exchange open after this handler returns; the answer is written when applied.
        exchange.dispatch(SameThreadExecutor.INSTANCE, () ->
                applied.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((result, error) ->
                        exchange.getIoThread().execute(() -> {
                            waitTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                            answer(exchange, result, error);
                        })));
    }

    private void answer(HttpServerExchange exchange, Object result, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null) {
            Responses.json(exchange, 200, result);
        } else if (cause instanceof ValidationException v) {
            Responses.json(exchange, 422, v.errors());
        } else if (cause instanceof PublishFailed p) {
            log.warn("{} not produced to {}: {}", command.op().wireName(), publisher.topic(), p.getCause().toString());
            Responses.json(exchange, 503, unavailable("Kafka did not accept the event: " + p.getCause().getMessage()));
        } else if (cause instanceof TimeoutException) {
            Responses.json(exchange, 503, unavailable("the event was not applied within " + timeout.toMillis()
                    + " ms (publish_timeout); it may still take effect"));
        } else {
            log.error("{} failed", command.op().wireName(), cause);
            Responses.json(exchange, 500, Map.of("error", "internal error: " + cause));
        }
    }

    static Map<String, Object> unavailable(String why) {
        return Map.of("error", "service unavailable", "reason", why);
    }

    private Object await(CompletableFuture<Object> f) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ValidationException v) {
                throw v;
            }
            if (e.getCause() instanceof ApiException a) {
                throw a;
            }
            throw new ApiException(500, Map.of("error", "internal error: " + e.getCause()));
        } catch (TimeoutException e) {
            throw new ApiException(503, unavailable("the state thread did not answer within "
                    + timeout.toMillis() + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, unavailable("interrupted"));
        }
    }

    /** The producer's failure, kept apart from the handler's own results. */
    static final class PublishFailed extends RuntimeException {
        PublishFailed(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** Reading request bodies as JSON, on a worker thread. */
    static final class Bodies {
        private Bodies() {}

        static JsonNode read(HttpServerExchange exchange) {
            exchange.startBlocking();
            byte[] bytes;
            try {
                bytes = exchange.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new ApiException(400, Map.of("_schema", List.of("Could not read the request body.")));
            }
            if (bytes.length == 0) {
                return null;
            }
            try {
                return Json.parse(bytes);
            } catch (IOException e) {
                throw new ValidationException(Map.of("_schema", List.of("Invalid JSON: " + firstLine(e.getMessage()))));
            }
        }

        private static String firstLine(String s) {
            if (s == null) {
                return "";
            }
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl);
        }
    }
}
