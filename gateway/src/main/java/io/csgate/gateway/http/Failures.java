package io.csgate.gateway.http;

import io.csgate.common.json.Json;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * The one place where an unexpected exception becomes an answer: 500 with
 * {@code {"error": "internal error", "id": "<uuid>"}}, and one log line with the same id and the
 * stack trace. Nothing is left unanswered: {@link #guard} wraps the root handler and every handler
 * run later on another thread; asynchronous steps that answer an exchange catch into
 * {@link #answer}. When the answer has already started, the connection is closed instead, so the
 * client sees the failure rather than waiting. Thread-safe.
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

    /** Logs {@code failure} once, with its stack trace, and answers 500 with the error id. */
    public static String answer(HttpServerExchange exchange, Throwable failure) {
        String id = UUID.randomUUID().toString();
        log.error("{} {} failed; error id {}", exchange.getRequestMethod(), exchange.getRequestPath(), id, failure);
        internalError(exchange, id);
        return id;
    }

    /**
     * As {@link #answer}, for a failure whose stack trace is already in the log (the applier logs
     * a failed event on every replica): one line with the id and the failure, without the trace.
     */
    public static String answerLogged(HttpServerExchange exchange, Throwable failure) {
        String id = UUID.randomUUID().toString();
        log.error("{} {} failed; error id {}: {} (stack trace logged above)", exchange.getRequestMethod(),
                exchange.getRequestPath(), id, failure.toString());
        internalError(exchange, id);
        return id;
    }

    /** Requests answered 500 by this process. */
    public static long count() {
        return COUNT.sum();
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
