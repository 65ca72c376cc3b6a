package io.csgate.gateway.http;

import io.csgate.common.body.ValidationException;
import io.csgate.common.json.Json;
import io.csgate.gateway.replica.ApplyFailed;
import io.csgate.gateway.replica.Unavailable;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * The one place where a failure becomes an answer ({@link #answer}). A handler, or a task that
 * answers an exchange later, throws and this decides:
 * <ul>
 *   <li>{@link ApiException}: its status and Channelstream-shaped body (403 page, 401
 *       {@code {"request": "Bad Signature"}}, ...);</li>
 *   <li>{@link ValidationException}: 422 with marshmallow's error dict, nothing stored;</li>
 *   <li>{@link Unavailable}: 503 {@code {"error": "service unavailable", "reason": ...}} (Kafka did
 *       not take the event, it was not applied in time, the state thread did not answer);</li>
 *   <li>anything else is unexpected: 500 {@code {"error": "internal error", "id": "<uuid>"}} and
 *       one ERROR log line with the same id and the stack trace (for an {@link ApplyFailed}, whose
 *       trace the applier logged already, the line names it instead).</li>
 * </ul>
 * Nothing is left unanswered: {@link #guard} wraps the root handler and every handler or task run
 * later on another thread. When the answer has already started, the connection is closed instead,
 * so the client sees the failure rather than waiting. Thread-safe.
 */
public final class Failures {

    private static final Logger log = LoggerFactory.getLogger(Failures.class);
    private static final LongAdder COUNT = new LongAdder();

    private Failures() {}

    /** {@code next}, with any exception it throws answered by {@link #answer}. */
    public static HttpHandler guard(HttpHandler next) {
        return exchange -> {
            try {
                next.handleRequest(exchange);
            } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
                answer(exchange, e);
            }
        };
    }

    /** {@code task}, which answers {@code exchange} later, with any exception answered by {@link #answer}. */
    public static Runnable guard(HttpServerExchange exchange, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                answer(exchange, e);
            }
        };
    }

    /** Answers {@code exchange} with what {@code failure} means (see the class comment). */
    public static void answer(HttpServerExchange exchange, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ApiException e) {
            if (e.body() instanceof Responses.Html page) {
                Responses.html(exchange, e.status(), page);
            } else {
                Responses.json(exchange, e.status(), e.body());
            }
        } else if (cause instanceof ValidationException e) {
            Responses.json(exchange, 422, e.errors());
        } else if (cause instanceof Unavailable e) {
            Responses.json(exchange, 503, unavailable(e.getMessage()));
        } else if (cause instanceof ApplyFailed e) {
            String id = UUID.randomUUID().toString();
            log.error("{} {} failed; error id {}: {} (stack trace logged above)", exchange.getRequestMethod(),
                    exchange.getRequestPath(), id, e.getMessage());
            internalError(exchange, id);
        } else {
            String id = UUID.randomUUID().toString();
            log.error("{} {} failed; error id {}", exchange.getRequestMethod(), exchange.getRequestPath(), id, cause);
            internalError(exchange, id);
        }
    }

    /** The body of a 503: the gateway cannot serve the call now, and why. */
    static Map<String, Object> unavailable(String reason) {
        return Map.of("error", "service unavailable", "reason", reason);
    }

    /** Requests answered 500 by this process. */
    public static long count() {
        return COUNT.sum();
    }

    /** The failure a future or an executor wrapped. */
    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static void internalError(HttpServerExchange exchange, String id) {
        COUNT.increment();
        if (exchange.isResponseStarted()) {
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "internal error");
        body.put("id", id);
        try {
            exchange.setStatusCode(500);
            exchange.getResponseHeaders().remove(Headers.CONTENT_LENGTH);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send(ByteBuffer.wrap(Json.bytes(body)));
        } catch (RuntimeException e) {
            log.warn("could not answer error {}: {}; closing the connection", id, e.toString());
            IoUtils.safeClose(exchange.getConnection());
        }
    }
}
