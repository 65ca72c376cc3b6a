package io.csgate.gateway.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.event.Op;
import io.csgate.gateway.http.Command;
import io.undertow.server.HttpServerExchange;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * A server API command reached through an open demo endpoint: the browser's body is rewritten
 * into the server API body ({@link DemoRequests}), then validated, prechecked and produced exactly
 * like the signed endpoint would. The answer is the server API's answer.
 */
final class DemoCommand implements Command {

    private final Command target;
    private final UnaryOperator<JsonNode> translate;

    DemoCommand(Command target, UnaryOperator<JsonNode> translate) {
        this.target = target;
        this.translate = translate;
    }

    @Override
    public Op op() {
        return target.op();
    }

    /** Open: the demo is the "application backend" here, and it trusts every browser. */
    @Override
    public boolean signed() {
        return false;
    }

    @Override
    public Prepared prepare(HttpServerExchange exchange, JsonNode body, Instant now) {
        return target.prepare(exchange, translate.apply(body), now);
    }
}
