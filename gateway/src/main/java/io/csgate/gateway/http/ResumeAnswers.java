package io.csgate.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.event.Op;
import io.undertow.server.HttpServerExchange;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@code POST /connect} with {@code resume_from}: the model answers {@code resumed} from what
 * every replica knows (a position of this log, before the connect, within
 * {@code resume_max_events}); before the answer leaves, this asks the log whether it still holds
 * the start of the range, and answers {@code false} when it does not (docs/design.md §13). Other
 * answers pass unchanged.
 */
public final class ResumeAnswers implements Command {

    private final Command connect;
    private final Function<UUID, CompletableFuture<Boolean>> stillHeld;
    private final Runnable onRefused;

    /**
     * @param stillHeld for a connection with a pending resume: whether the log still holds its
     *     start (any thread may complete it)
     * @param onRefused counts an answer {@code resumed: false}
     */
    public ResumeAnswers(Command connect, Function<UUID, CompletableFuture<Boolean>> stillHeld, Runnable onRefused) {
        if (connect.op() != Op.CONNECT) {
            throw new IllegalArgumentException("not /connect: " + connect.op());
        }
        this.connect = connect;
        this.stillHeld = stillHeld;
        this.onRefused = onRefused;
    }

    @Override
    public Op op() {
        return connect.op();
    }

    @Override
    public boolean signed() {
        return connect.signed();
    }

    @Override
    public Prepared prepare(HttpServerExchange exchange, JsonNode body, Instant now) {
        return connect.prepare(exchange, body, now);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void answer(HttpServerExchange exchange, Object result) {
        if (!(result instanceof Map<?, ?> m) || !m.containsKey("resumed")) {
            connect.answer(exchange, result);
            return;
        }
        Map<String, Object> answer = (Map<String, Object>) m;
        if (!Boolean.TRUE.equals(answer.get("resumed"))) {
            onRefused.run();
            connect.answer(exchange, answer);
            return;
        }
        stillHeld.apply(UUID.fromString((String) answer.get("conn_id"))).whenComplete((held, error) ->
                exchange.getIoThread().execute(Failures.guard(exchange, () -> {
                    // unknown (Kafka did not answer): the gateway that serves the socket checks again
                    if (error == null && !held) {
                        answer.put("resumed", false);
                        onRefused.run();
                    }
                    connect.answer(exchange, answer);
                })));
    }
}
