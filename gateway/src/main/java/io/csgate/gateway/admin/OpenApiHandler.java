package io.csgate.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.csgate.common.json.Json;
import io.csgate.gateway.http.Responses;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /openapi.json}: the OpenAPI 3 document of every endpoint ({@code web/openapi.json}),
 * read once at start. The {@code /demo} paths are left out when the demo is off; behind a proxy
 * that sends {@code X-Script-Name}, {@code servers} points at that prefix so "Try it out" works.
 */
final class OpenApiHandler implements HttpHandler {

    static final String RESOURCE = "web/openapi.json";

    private final ObjectNode document;
    private final String rendered;

    OpenApiHandler(boolean demoEnabled) {
        this.document = load(demoEnabled);
        this.rendered = Json.text(document);
    }

    /** The document as served (without an {@code X-Script-Name} prefix). */
    static ObjectNode load(boolean demoEnabled) {
        JsonNode doc;
        try {
            doc = Json.parse(StaticFile.read(RESOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException("bad JSON in " + RESOURCE, e);
        }
        ObjectNode out = (ObjectNode) doc;
        if (!demoEnabled) {
            ObjectNode paths = (ObjectNode) out.get("paths");
            List<String> demo = new ArrayList<>();
            paths.fieldNames().forEachRemaining(p -> {
                if (p.equals("/demo") || p.startsWith("/demo/")) {
                    demo.add(p);
                }
            });
            paths.remove(demo);
        }
        return out;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        String prefix = AdminAccess.prefix(exchange);
        if (prefix.isEmpty()) {
            Responses.text(exchange, 200, "application/json", rendered);
            return;
        }
        ObjectNode doc = document.deepCopy();
        doc.putArray("servers").addObject().put("url", prefix);
        Responses.json(exchange, 200, doc);
    }
}
