package io.csgate.gateway.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.List;

/**
 * Adds the reference's CORS headers to every answer (docs/protocol.md §3) and answers {@code OPTIONS} on
 * any path with 200 and an empty body, without auth. {@code Access-Control-Allow-Origin: *} is sent
 * when {@code allow_cors} is empty, or when one of its entries is a substring of the request's
 * {@code Origin}.
 */
public final class CorsHandler implements HttpHandler {

    private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    private static final HttpString XDR = new HttpString("XDomainRequestAllowed");
    private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");
    static final String METHODS = "GET, POST, OPTIONS, PUT, DELETE, PATCH";
    static final String HEADERS = "Content-Type, Depth, User-Agent, X-File-Size, X-Requested-With, "
            + "If-Modified-Since, X-File-Name, Cache-Control, Pragma, Origin, Connection, Referer, Cookie";

    private final List<String> allowCors;
    private final HttpHandler next;

    public CorsHandler(List<String> allowCors, HttpHandler next) {
        this.allowCors = List.copyOf(allowCors);
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderMap h = exchange.getResponseHeaders();
        if (originAllowed(exchange.getRequestHeaders().getFirst(Headers.ORIGIN))) {
            h.put(ALLOW_ORIGIN, "*");
        }
        h.put(XDR, "1");
        h.put(ALLOW_METHODS, METHODS);
        h.put(ALLOW_HEADERS, HEADERS);
        h.put(MAX_AGE, "86400");
        if (exchange.getRequestMethod().equals(Methods.OPTIONS)) {
            Responses.text(exchange, 200, "text/plain; charset=UTF-8", "");
            return;
        }
        next.handleRequest(exchange);
    }

    boolean originAllowed(String origin) {
        if (allowCors.isEmpty()) {
            return true;
        }
        if (origin == null) {
            return false;
        }
        for (String entry : allowCors) {
            if (origin.contains(entry)) {
                return true;
            }
        }
        return false;
    }
}
