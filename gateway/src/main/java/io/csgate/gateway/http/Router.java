package io.csgate.gateway.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.HashMap;
import java.util.Map;

/**
 * Exact-path routing by method. A path with no handler for the request's method, and any unknown
 * path, answer the reference's 404 HTML page (docs/protocol.md §3).
 */
public final class Router implements HttpHandler {

    private static final String ANY = "*";

    private final Map<String, Map<String, HttpHandler>> routes = new HashMap<>();

    /** Routes {@code method} (e.g. "POST", or "*" for any method) on {@code path}. */
    public Router add(String method, String path, HttpHandler handler) {
        routes.computeIfAbsent(path, p -> new HashMap<>()).put(method, handler);
        return this;
    }

    public Router any(String path, HttpHandler handler) {
        return add(ANY, path, handler);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Map<String, HttpHandler> byMethod = routes.get(exchange.getRelativePath());
        HttpHandler h = null;
        if (byMethod != null) {
            HttpString method = exchange.getRequestMethod();
            h = byMethod.getOrDefault(method.toString(), byMethod.get(ANY));
        }
        if (h == null) {
            Responses.html(exchange, 404, Responses.NOT_FOUND);
            return;
        }
        h.handleRequest(exchange);
    }
}
