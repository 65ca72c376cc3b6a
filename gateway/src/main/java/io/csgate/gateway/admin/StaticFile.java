package io.csgate.gateway.admin;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * One classpath file, read once when the site is built and served from memory (so a missing file
 * fails the start, not a request). Answers {@code If-None-Match} with 304; browsers revalidate
 * every time ({@code Cache-Control: no-cache}) because paths carry no version. Thread-safe.
 */
final class StaticFile implements HttpHandler {

    private static final HttpString NOSNIFF = new HttpString("X-Content-Type-Options");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8",
            "css", "text/css; charset=UTF-8",
            "json", "application/json",
            "png", "image/png",
            "svg", "image/svg+xml");

    private final byte[] body;
    private final String contentType;
    private final String etag;

    private StaticFile(byte[] body, String contentType) {
        this.body = body;
        this.contentType = contentType;
        this.etag = '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(body)) + '"';
    }

    /** The file at {@code resource} on the classpath, typed by its extension. */
    static StaticFile of(String resource) {
        return new StaticFile(read(resource), contentType(resource));
    }

    /** The bytes of a classpath resource; a missing one is a packaging bug and fails the start. */
    static byte[] read(String resource) {
        try (InputStream in = StaticFile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + resource, e);
        }
    }

    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        exchange.getResponseHeaders()
                .put(Headers.ETAG, etag)
                .put(Headers.CACHE_CONTROL, "no-cache")
                .put(NOSNIFF, "nosniff");
        String match = exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH);
        if (etag.equals(match)) {
            exchange.setStatusCode(304);
            exchange.endExchange();
            return;
        }
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseSender().send(ByteBuffer.wrap(body).asReadOnlyBuffer());
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
