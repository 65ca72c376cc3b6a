package io.csgate.gateway.admin;

import io.csgate.gateway.config.GatewayConfig;
import io.csgate.gateway.http.ApiGuard;
import io.csgate.gateway.http.Command;
import io.csgate.gateway.http.Router;
import io.csgate.gateway.replica.StateThread;
import io.csgate.gateway.model.ChannelstreamModel;
import io.undertow.server.HttpHandler;
import io.undertow.util.HttpString;
import java.time.Clock;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every path of the admin pages, the explorer and the bundled static files, ready to be added to
 * the gateway's {@link Router}s. Admin paths need a session cookie or the server API check
 * ({@link AdminAccess}); the sign-in form, sign-out and {@code /static/*} are open. With a
 * management listener the admin panel is served there only: password guessing, the thread dump and
 * the list of every user leave the public port, as the metrics do. Built once at
 * start (static files are read into memory then); thread-safe afterwards.
 */
public final class AdminSite {

    /** Files of {@code web/static/} served at {@code /static/<name>}. */
    static final List<String> STATIC_FILES = List.of(
            "site.css", "admin.js", "explorer.js", "signer.js", "channelstream.js", "demo.js");
    /** Files of the Swagger UI webjar served at {@code /static/swagger-ui/<name>}. */
    static final List<String> SWAGGER_FILES = List.of("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png");
    static final String SWAGGER_ROOT = "META-INF/resources/webjars/swagger-ui/5.34.1/";

    private static final HttpString FRAME_OPTIONS = new HttpString("X-Frame-Options");

    private final Map<String, HttpHandler> routes = new LinkedHashMap<>();
    /** Routes of the admin panel itself: on the management listener when there is one. */
    private final Set<String> panel = new HashSet<>();

    /**
     * @param demoEnabled whether the {@code /demo} paths exist, so the OpenAPI document lists them
     * @param revocations the signed-out sessions, which the applier keeps
     * @param commands makes the read-your-writes handler of a state-changing call (sign-out's event)
     */
    public AdminSite(GatewayConfig config, ApiGuard guard, StateThread state, ChannelstreamModel model,
                     boolean demoEnabled, SessionRevocations revocations, Function<Command, HttpHandler> commands,
                     Runnable onSignInRefused) {
        this(new AdminAccess(config.adminUser(), config.adminSecret(),
                        new AdminSession(config.cookieSecret(), Clock.systemUTC()), revocations, guard,
                        config.httpScheme()),
                new AdminJsonHandler(state, model, Clock.systemUTC(), config.publishTimeout()), demoEnabled,
                config.managementListener(), commands, new SignInLimiter(Clock.systemUTC()), onSignInRefused);
    }

    /**
     * @param panelElsewhere the admin panel (and its sign-in form) is on the management listener, so the
     *     explorer answers 403 to a caller without a session instead of sending it to a form it cannot reach
     */
    AdminSite(AdminAccess access, AdminJsonHandler adminJson, boolean demoEnabled, boolean panelElsewhere,
              Function<Command, HttpHandler> commands, SignInLimiter limiter, Runnable onSignInRefused) {
        HttpHandler adminJsonRestricted = access.restrict(adminJson, true);
        panel("GET", "/admin", access.restrict(page("web/admin.html"), true));
        panel("GET", "/admin/admin.json", adminJsonRestricted);
        panel("POST", "/admin/admin.json", adminJsonRestricted);
        panel("GET", "/admin/debug", access.restrict(new DebugHandler(), true));
        HttpHandler signIn = new SignInHandler(access, limiter, onSignInRefused);
        panel("GET", "/admin/sign_in", noFrames(signIn));
        panel("POST", "/admin/sign_in", noFrames(signIn));
        HttpHandler signOut = SignOut.handler(access, commands);
        panel("GET", "/admin/sign_out", signOut);
        panel("POST", "/admin/sign_out", signOut);
        route("GET", "/api-explorer", access.restrict(page("web/explorer.html"), !panelElsewhere));
        route("GET", "/openapi.json", access.restrict(new OpenApiHandler(demoEnabled), false));
        for (String f : STATIC_FILES) {
            route("GET", "/static/" + f, StaticFile.of("web/static/" + f));
        }
        for (String f : SWAGGER_FILES) {
            route("GET", "/static/swagger-ui/" + f, StaticFile.of(SWAGGER_ROOT + f));
        }
    }

    /**
     * Adds every path of this site: the admin panel to {@code management}, the explorer to
     * {@code router}, the static files (which both use) to both.
     */
    public void addTo(Router router, Router management) {
        routes.forEach((key, handler) -> {
            int space = key.indexOf(' ');
            String method = key.substring(0, space);
            String path = key.substring(space + 1);
            boolean shared = path.startsWith("/static/");
            boolean onPanel = panel.contains(key);
            if (!onPanel || shared || management == router) {
                router.add(method, path, handler);
            }
            if (management != router && (onPanel || shared)) {
                management.add(method, path, handler);
            }
        });
    }

    /** {@code "METHOD /path"} of every route this site adds, in order. */
    public Set<String> endpoints() {
        return Collections.unmodifiableSet(routes.keySet());
    }

    private void route(String method, String path, HttpHandler handler) {
        routes.put(method + " " + path, handler);
    }

    private void panel(String method, String path, HttpHandler handler) {
        route(method, path, handler);
        panel.add(method + " " + path);
    }

    private static HttpHandler page(String resource) {
        return noFrames(StaticFile.of(resource));
    }

    private static HttpHandler noFrames(HttpHandler next) {
        return exchange -> {
            exchange.getResponseHeaders().put(FRAME_OPTIONS, "DENY");
            next.handleRequest(exchange);
        };
    }
}
