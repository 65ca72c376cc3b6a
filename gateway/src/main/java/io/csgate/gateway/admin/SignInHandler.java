package io.csgate.gateway.admin;

import io.csgate.gateway.http.Responses;
import io.csgate.gateway.metrics.RateLimitedLog;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|POST /admin/sign_in} (docs/protocol.md §6.1). GET shows the form. POST reads the
 * form-encoded {@code username} and {@code password} (whitespace stripped): right → session cookie
 * and 302 to {@code /admin}; wrong → the form again with 200 after {@link #FAILURE_DELAY}. Attempts
 * are limited per client address ({@link SignInLimiter}): beyond the limit, 429 with
 * {@code Retry-After} and the form, without looking at the password. The body is read
 * asynchronously and the delay is an IO-thread timer, so no thread waits.
 */
final class SignInHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(SignInHandler.class);
    static final Duration FAILURE_DELAY = Duration.ofMillis(500);
    private static final String MESSAGE_SLOT = "<!--message-->";

    private final AdminAccess access;
    private final SignInLimiter limiter;
    private final Runnable onRefused;
    private final RateLimitedLog refusals = new RateLimitedLog(log, 60_000);
    private final String form;

    SignInHandler(AdminAccess access, SignInLimiter limiter, Runnable onRefused) {
        this.access = access;
        this.limiter = limiter;
        this.onRefused = onRefused;
        this.form = new String(StaticFile.read("web/sign_in.html"), StandardCharsets.UTF_8);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (!exchange.getRequestMethod().equals(Methods.POST)) {
            showForm(exchange, 200, "");
            return;
        }
        String address = access.clientAddress(exchange);
        long wait = limiter.acquire(address);
        if (wait > 0) {
            onRefused.run();
            refusals.warn("admin sign-in attempts from {} beyond {} a minute; answered 429", address,
                    SignInLimiter.BURST);
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(wait));
            showForm(exchange, 429, "<p class=\"error\" role=\"alert\">Too many sign-in attempts; try again in "
                    + wait + " s.</p>");
            return;
        }
        exchange.getRequestReceiver().receiveFullString((ex, body) -> signIn(ex, body, address),
                StandardCharsets.UTF_8);
    }

    private void signIn(HttpServerExchange exchange, String body, String address) {
        Map<String, String> form = parseForm(body);
        String user = form.getOrDefault("username", "").strip();
        String password = form.getOrDefault("password", "").strip();
        if (access.credentialsMatch(user, password)) {
            limiter.refund(address);
            exchange.getResponseHeaders().add(Headers.SET_COOKIE,
                    access.cookie(exchange, access.session().issue(user)));
            access.redirect(exchange, "/admin");
            return;
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> exchange.getIoThread().executeAfter(
                () -> showForm(exchange, 200, "<p class=\"error\" role=\"alert\">Wrong user name or password.</p>"),
                FAILURE_DELAY.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void showForm(HttpServerExchange exchange, int status, String message) {
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        Responses.text(exchange, status, "text/html; charset=UTF-8", form.replace(MESSAGE_SLOT, message));
    }

    /** {@code application/x-www-form-urlencoded}; the first value of each name wins; bad escapes → empty. */
    static Map<String, String> parseForm(String body) {
        Map<String, String> out = new HashMap<>();
        if (body == null || body.isEmpty()) {
            return out;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a malformed %-escape: treat the field as absent
            }
        }
        return out;
    }
}
