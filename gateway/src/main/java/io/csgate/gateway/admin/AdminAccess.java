package io.csgate.gateway.admin;

import io.csgate.gateway.http.ApiException;
import io.csgate.gateway.http.ApiGuard;
import io.csgate.gateway.http.Failures;
import io.csgate.gateway.http.Responses;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may see the admin pages (docs/protocol.md §1): a valid {@link AdminSession} cookie for
 * {@code admin_user} whose session has not signed out ({@link SessionRevocations}), or the server API check ({@link ApiGuard}: address and signature). A bad
 * signature is 401 as everywhere; otherwise a caller without either is sent to the sign-in form
 * (paths under {@code /admin} and the explorer) or gets the 403 page ({@code /openapi.json}).
 * Also builds the absolute URLs of redirects: {@code http_scheme}, else the request's scheme (which
 * {@code X-Scheme} / {@code X-Url-Scheme} set); the {@code Host} header; the {@code X-Script-Name}
 * prefix when it is a plain path (so a header cannot send the browser to another host). Thread-safe.
 */
public final class AdminAccess {

    static final String SIGN_IN = "/admin/sign_in";
    private static final HttpString SCRIPT_NAME = new HttpString("X-Script-Name");
    private static final Pattern PLAIN_PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    private final String adminUser;
    private final String adminSecret;
    private final AdminSession session;
    private final SessionRevocations revocations;
    private final ApiGuard guard;
    private final String httpScheme;

    public AdminAccess(String adminUser, String adminSecret, AdminSession session, SessionRevocations revocations,
                       ApiGuard guard, String httpScheme) {
        this.adminUser = adminUser;
        this.adminSecret = adminSecret;
        this.session = session;
        this.revocations = revocations;
        this.guard = guard;
        this.httpScheme = httpScheme;
    }

    /** True for the configured admin user name and password; compares in constant time. */
    boolean credentialsMatch(String user, String password) {
        // digests first, so neither the time nor the length of a mismatch tells anything
        boolean u = MessageDigest.isEqual(digest(user), digest(adminUser));
        boolean p = MessageDigest.isEqual(digest(password), digest(adminSecret));
        return u & p;
    }

    AdminSession session() {
        return session;
    }

    /** True when a request cookie is a valid session of the admin user that has not signed out. */
    boolean signedIn(HttpServerExchange exchange) {
        return ticket(exchange).isPresent();
    }

    /** The request's valid, not signed-out session of the admin user, if it has one. */
    Optional<AdminSession.Ticket> ticket(HttpServerExchange exchange) {
        for (Cookie c : exchange.requestCookies()) {
            if (AdminSession.COOKIE.equals(c.getName())) {
                Optional<AdminSession.Ticket> t = session.ticket(c.getValue())
                        .filter(x -> adminUser.equals(x.user()) && !revocations.isRevoked(x.session()));
                if (t.isPresent()) {
                    return t;
                }
            }
        }
        return Optional.empty();
    }

    /** The caller's address as the server API sees it (X-Forwarded-For from trusted_proxies). */
    String clientAddress(HttpServerExchange exchange) {
        return guard.clientAddress(exchange);
    }

    /**
     * {@code next} for admins only.
     *
     * @param toSignIn without auth: true → 302 to the sign-in form; false → the 403 page
     */
    HttpHandler restrict(HttpHandler next, boolean toSignIn) {
        return exchange -> {
            if (signedIn(exchange)) {
                next.handleRequest(exchange);
                return;
            }
            try {
                guard.check(exchange);
            } catch (ApiException e) {
                if (e.status() == 401 || !toSignIn) {
                    Failures.answer(exchange, e);
                } else {
                    redirect(exchange, SIGN_IN);
                }
                return;
            }
            next.handleRequest(exchange);
        };
    }

    /** 302 to {@code path} of this site, with the reference's small HTML body. */
    void redirect(HttpServerExchange exchange, String path) {
        String location = url(exchange, path);
        exchange.getResponseHeaders().put(Headers.LOCATION, location);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        Responses.text(exchange, 302, "text/html; charset=UTF-8", "<html>\n <head>\n  <title>302 Found</title>\n"
                + " </head>\n <body>\n  <h1>302 Found</h1>\n  The resource was found at <a href=\""
                + Html.escape(location) + "\">" + Html.escape(location) + "</a>\n </body>\n</html>");
    }

    /** The absolute URL of {@code path} (starting with {@code /}) as the browser reaches it. */
    String url(HttpServerExchange exchange, String path) {
        return scheme(exchange) + "://" + exchange.getHostAndPort() + prefix(exchange) + path;
    }

    /** The {@code Set-Cookie} value that stores {@code value}, or clears the cookie when null. */
    String cookie(HttpServerExchange exchange, String value) {
        StringBuilder b = new StringBuilder(AdminSession.COOKIE).append('=');
        // As the reference (WebOb): Domain is the request's host, and both Max-Age and expires are set.
        String host = exchange.getHostName();
        b.append(value == null ? "" : value);
        if (host != null && !host.isEmpty()) {
            b.append("; Domain=").append(host);
        }
        if (value == null) {
            b.append("; Max-Age=0; Path=/; expires=Wed, 31-Dec-97 23:59:59 GMT");
        } else {
            b.append("; Max-Age=").append(AdminSession.MAX_AGE.toSeconds()).append("; Path=/; expires=")
                    .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(
                            ZonedDateTime.now(ZoneOffset.UTC).plus(AdminSession.MAX_AGE)));
        }
        // HttpOnly is ours (the reference leaves the admin cookie readable by scripts).
        b.append("; SameSite=Lax; HttpOnly");
        if ("https".equals(scheme(exchange))) {
            b.append("; Secure");
        }
        return b.toString();
    }

    /** {@code X-Scheme} / {@code X-Url-Scheme} already set the request scheme (the HTTP layer's proxy handling). */
    private String scheme(HttpServerExchange exchange) {
        return httpScheme.isEmpty() ? exchange.getRequestScheme() : httpScheme;
    }

    static String prefix(HttpServerExchange exchange) {
        String v = exchange.getRequestHeaders().getFirst(SCRIPT_NAME);
        if (v == null) {
            return "";
        }
        String p = v.trim();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return PLAIN_PREFIX.matcher(p).matches() ? p : "";
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
