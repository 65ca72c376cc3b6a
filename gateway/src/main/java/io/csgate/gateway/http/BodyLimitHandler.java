package io.csgate.gateway.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** Caps request bodies at {@code max_body_bytes}; a larger body fails to read and gets a 4xx. */
final class BodyLimitHandler implements HttpHandler {

    private final long max;
    private final HttpHandler next;

    BodyLimitHandler(long max, HttpHandler next) {
        this.max = max;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.setMaxEntitySize(max);
        next.handleRequest(exchange);
    }
}
