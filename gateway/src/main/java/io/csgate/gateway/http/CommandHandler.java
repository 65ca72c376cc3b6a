package io.csgate.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.body.ValidationException;
import io.csgate.common.event.Envelope;
import io.csgate.common.json.Json;
import io.csgate.gateway.metrics.Meters;
import io.csgate.gateway.replica.ApplyFailed;
import io.csgate.gateway.replica.Publisher;
import io.csgate.gateway.replica.ReadYourWrites;
import io.csgate.gateway.replica.StateThread;
import io.csgate.gateway.replica.Unavailable;
import io.csgate.gateway.replica.Waiter;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

/**
 * The read-your-writes pipeline of every state-changing endpoint (docs/design.md §5):
 * auth → parse → validate (422, nothing produced) → precheck on the state thread → produce the
 * signed event ({@code acks=all}) → wait until this gateway's applier has applied it → answer with
 * the result computed at apply time. Kafka unavailable or too slow → 503 JSON within
 * {@code publish_timeout}.
 *
 * <p>Runs on the exchange's IO thread from start to answer and never blocks it: the body is read
 * asynchronously, parsing and validation are CPU work only, the event is queued with
 * {@link EventPublisher#submit} (which never blocks), the precheck goes through the state thread
 * asynchronously, and the answer comes back to the IO thread from the applier, batched per applied
 * batch. The timeout is a timer on the IO thread. A request costs no worker-pool hand-off.
 */
public final class CommandHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);

    private final Command command;
    private final ApiGuard guard;
    private final StateThread state;
    private final ReadYourWrites results;
    private final Publisher publisher;
    private final String origin;
    private final Duration timeout;
    private final Timer waitTimer;
    private final Clock clock;

    public CommandHandler(Command command, ApiGuard guard, StateThread state, ReadYourWrites results,
                          Publisher publisher, String origin, Duration timeout, MeterRegistry registry) {
        this.command = command;
        this.guard = guard;
        this.state = state;
        this.results = results;
        this.publisher = publisher;
        this.origin = origin;
        this.timeout = timeout;
        this.waitTimer = Timer.builder(Meters.PUBLISH_WAIT).tag("op", command.op().wireName())
                .publishPercentiles(0.5, 0.99).register(registry);
        this.clock = Clock.systemUTC();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        try {
            if (command.signed()) {
                guard.check(exchange);
            }
        } catch (ApiException e) {
            Responses.error(exchange, e);
            return;
        }
        exchange.getRequestReceiver().receiveFullBytes(
                (ex, bytes) -> Failures.guard(ex, () -> withBody(ex, bytes)).run(),
                (ex, e) -> Responses.error(ex,
                        new ApiException(400, Map.of("_schema", List.of("Could not read the request body.")))));
    }

    private void withBody(HttpServerExchange exchange, byte[] bytes) {
        Instant now = clock.instant();
        Command.Prepared prepared;
        try {
            prepared = command.prepare(exchange, Bodies.parse(bytes), now);
        } catch (ApiException e) {
            Responses.error(exchange, e);
            return;
        } catch (ValidationException e) {
            Responses.json(exchange, 422, e.errors());
            return;
        }
        if (prepared.precheck() == null) {
            publishAndAnswer(exchange, prepared.body(), now);
            return;
        }
        // Keep the exchange open after this handler returns; continue on the IO thread.
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> state.call(prepared.precheck())
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((early, error) -> exchange.getIoThread().execute(Failures.guard(exchange, () -> {
                    try {
                        Object answer = prechecked(early, error);
                        if (answer != null) {
                            command.answer(exchange, answer);
                        } else {
                            publishAndAnswer(exchange, prepared.body(), now);
                        }
                    } catch (ApiException e) {
                        Responses.error(exchange, e);
                    } catch (ValidationException e) {
                        Responses.json(exchange, 422, e.errors());
                    }
                }))));
    }

    /** Called on the exchange's IO thread (or the thread the handler runs on). */
    private void publishAndAnswer(HttpServerExchange exchange, JsonNode body, Instant now) {
        String id = UUID.randomUUID().toString();
        Envelope event = Envelope.of(id, command.op(), now, origin, body);
        long started = System.nanoTime();
        XnioIoThread io = exchange.getIoThread();
        XnioExecutor.Key[] timer = new XnioExecutor.Key[1];
        Waiter waiter = results.expect(id, io, (result, error) -> {
            if (timer[0] != null) {
                timer[0].remove();
            }
            waitTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            Failures.guard(exchange, () -> answer(exchange, result, error)).run();
        });
        // Keep the exchange open after this handler returns; the answer is written when applied.
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> { });
        publisher.publish(event, waiter::done, error -> {
            if (error != null) {
                waiter.fail(error, false);
            }
        });
        timer[0] = io.executeAfter(() -> waiter.fail(new TimeoutException(), true), timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void answer(HttpServerExchange exchange, Object result, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null) {
            command.answer(exchange, result);
        } else if (cause instanceof ValidationException v) {
            Responses.json(exchange, 422, v.errors());
        } else if (cause instanceof Unavailable r) {
            Responses.json(exchange, 503, unavailable(r.getMessage()));
        } else if (cause instanceof TimeoutException) {
            Responses.json(exchange, 503, unavailable("the event was not applied within " + timeout.toMillis()
                    + " ms (publish_timeout); it may still take effect"));
        } else if (cause instanceof ApplyFailed) {
            // the applier logged the stack trace of the failed event: a one-liner here
            Failures.answerLogged(exchange, cause.getCause());
        } else {
            Failures.answer(exchange, cause);
        }
    }

    static Map<String, Object> unavailable(String why) {
        return Map.of("error", "service unavailable", "reason", why);
    }

    /** The precheck's answer (null: go on and produce), or the exception to answer with. */
    private Object prechecked(Object early, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null) {
            return early;
        }
        if (cause instanceof ValidationException v) {
            throw v;
        }
        if (cause instanceof ApiException a) {
            throw a;
        }
        if (cause instanceof TimeoutException) {
            throw new ApiException(503, unavailable("the state thread did not answer within "
                    + timeout.toMillis() + " ms"));
        }
        throw new CompletionException(cause);
    }

    /** Request bodies as JSON. */
    static final class Bodies {
        private Bodies() {}

        /** Reads and parses the body on a worker thread (blocking). */
        static JsonNode read(HttpServerExchange exchange) {
            exchange.startBlocking();
            byte[] bytes;
            try {
                bytes = exchange.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new ApiException(400, Map.of("_schema", List.of("Could not read the request body.")));
            }
            return parse(bytes);
        }

        /** The parsed body, null when empty; invalid JSON is a 422. */
        static JsonNode parse(byte[] bytes) {
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
