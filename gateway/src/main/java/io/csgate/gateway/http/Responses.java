package io.csgate.gateway.http;

import io.csgate.common.json.Json;
import io.csgate.gateway.metrics.RateLimitedLog;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * Writes answers. Every JSON answer of the gateway goes through {@link #json}; error answers are
 * decided by {@link Failures}.
 */
public final class Responses {

    private static final RateLimitedLog unencodable = new RateLimitedLog(LoggerFactory.getLogger(Responses.class),
            60_000);

    /** An HTML page body, for the few answers the reference gives as HTML (403, 404). */
    public record Html(String title, String text) {
        String render() {
            return "<html>\n <head>\n  <title>" + title + "</title>\n </head>\n <body>\n  <h1>" + title
                    + "</h1>\n  " + text + "<br/><br/>\n\n\n\n </body>\n</html>";
        }
    }

    public static final Html NOT_FOUND = new Html("404 Not Found", "The resource could not be found.");
    public static final Html FORBIDDEN = new Html("403 Forbidden",
            "Access was denied to this resource.");

    private Responses() {}

    public static void json(HttpServerExchange exchange, int status, Object body) {
        send(exchange, status, "application/json", encode(body));
    }

    /**
     * The body as UTF-8 JSON. Text UTF-8 cannot encode (a lone surrogate that reached the state,
     * say from a record older than the check that now refuses it) must not fail the answer, nor
     * every later answer that lists the same user or channel: it is written with {@code ?} in
     * place of each unencodable character, as websocket frames are (see {@code hub.Frame}).
     */
    static byte[] encode(Object body) {
        try {
            return Json.bytes(body);
        } catch (RuntimeException e) {
            byte[] lenient = Json.text(body).getBytes(StandardCharsets.UTF_8);
            unencodable.warn("an answer held text that is not valid Unicode (a lone surrogate); sent with '?'"
                    + " in its place ({})", e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst()
                    .orElse(""));
            return lenient;
        }
    }

    public static void html(HttpServerExchange exchange, int status, Html page) {
        send(exchange, status, "text/html; charset=UTF-8",
                page.render().getBytes(StandardCharsets.UTF_8));
    }

    public static void text(HttpServerExchange exchange, int status, String contentType, String body) {
        send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpServerExchange exchange, int status, String contentType, byte[] body) {
        if (exchange.isResponseStarted()) {
            return;
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
