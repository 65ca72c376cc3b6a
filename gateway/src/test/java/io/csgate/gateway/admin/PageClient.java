package io.csgate.gateway.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A browser without JavaScript for the admin pages: redirects are not followed, cookies are explicit. */
final class PageClient {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final String base;

    PageClient(String base) {
        this.base = base;
    }

    HttpResponse<String> get(String path, Map<String, String> headers) {
        return send("GET", path, null, null, headers);
    }

    HttpResponse<String> get(String path) {
        return get(path, Map.of());
    }

    HttpResponse<String> withCookie(String method, String path, String cookie) {
        return send(method, path, null, null, Map.of("Cookie", cookie));
    }

    HttpResponse<String> postForm(String path, String form) {
        return send("POST", path, form, "application/x-www-form-urlencoded", Map.of());
    }

    /** Without waiting: for concurrent requests. */
    java.util.concurrent.CompletableFuture<HttpResponse<String>> postFormAsync(String path, String form) {
        return postFormAsync(path, form, Map.of());
    }

    java.util.concurrent.CompletableFuture<HttpResponse<String>> postFormAsync(String path, String form,
                                                                                Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded");
        headers.forEach(b::header);
        return HTTP.sendAsync(b.POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        headers.forEach(b::header);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The {@code name=value} part of the response's {@code Set-Cookie} for {@code auth_tkt}. */
    static String sessionCookie(HttpResponse<?> r) {
        String header = r.headers().allValues("set-cookie").stream()
                .filter(h -> h.startsWith(AdminSession.COOKIE + "="))
                .findFirst().orElseThrow(() -> new AssertionError("no auth_tkt cookie in " + r.headers().map()));
        return header.substring(0, header.indexOf(';'));
    }
}
