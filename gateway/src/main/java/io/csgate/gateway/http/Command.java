package io.csgate.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.body.ValidationException;
import io.csgate.common.event.Op;
import io.undertow.server.HttpServerExchange;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * One state-changing endpoint: how its request becomes an event. {@link CommandHandler} runs the
 * rest of the pipeline (auth, body, produce, wait until applied, answer), the same for all.
 */
public interface Command {

    /** The event this endpoint produces. */
    Op op();

    /** Whether the endpoint is the server API (signed) or a client endpoint (no auth). */
    default boolean signed() {
        return true;
    }

    /**
     * Validates the request, on the exchange's IO thread: CPU work only, it must not block.
     *
     * @param body the parsed JSON body ({@code null} when the request had none)
     * @param now the time the event will carry
     * @throws ValidationException for bad input: 422, nothing produced (any exception is answered by
     *     {@link Failures})
     */
    Prepared prepare(HttpServerExchange exchange, JsonNode body, Instant now);

    /** Writes the answer of a call that succeeded: its result as JSON, unless the endpoint answers otherwise. */
    default void answer(HttpServerExchange exchange, Object result) {
        Responses.json(exchange, 200, result);
    }

    /**
     * A validated call.
     *
     * @param body the event body to produce, defaults filled in (ids, timestamps)
     * @param precheck run on the state thread before producing (a {@link StateQuery}); a non-null
     *     result is answered at once without producing anything; it may throw ValidationException
     *     (422). Null when the call needs no look at the state (saves a hop through the state thread).
     */
    record Prepared(JsonNode body, Supplier<Object> precheck) {
        public static Prepared of(JsonNode body) {
            return new Prepared(body, null);
        }
    }
}
