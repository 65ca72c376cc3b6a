package io.csgate.gateway.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;

/**
 * The reference's proxy conventions (docs/protocol.md §3): {@code X-Script-Name} is a path prefix removed
 * before routing, {@code X-Scheme} / {@code X-Url-Scheme} set the request scheme, and with
 * {@code enforce_https} a request whose scheme is not https gets 406 "SSL is required".
 */
final class ProxyHeadersHandler implements HttpHandler {

    private static final HttpString SCRIPT_NAME = new HttpString("X-Script-Name");
    private static final HttpString SCHEME = new HttpString("X-Scheme");
    private static final HttpString URL_SCHEME = new HttpString("X-Url-Scheme");

    private final boolean enforceHttps;
    private final HttpHandler next;

    ProxyHeadersHandler(boolean enforceHttps, HttpHandler next) {
        this.enforceHttps = enforceHttps;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String scheme = exchange.getRequestHeaders().getFirst(SCHEME);
        if (scheme == null) {
            scheme = exchange.getRequestHeaders().getFirst(URL_SCHEME);
        }
        if (scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            exchange.setRequestScheme(scheme.toLowerCase(java.util.Locale.ROOT));
        }
        String prefix = exchange.getRequestHeaders().getFirst(SCRIPT_NAME);
        if (prefix != null && !prefix.isEmpty() && !prefix.equals("/")) {
            String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
            String path = exchange.getRelativePath();
            if (path.equals(p) || path.startsWith(p + "/")) {
                exchange.setRelativePath(path.equals(p) ? "/" : path.substring(p.length()));
            }
        }
        if (enforceHttps && !"https".equals(exchange.getRequestScheme())) {
            throw new ApiException(406, new Responses.Html("406 Not Acceptable", "SSL is required"));
        }
        next.handleRequest(exchange);
    }
}
