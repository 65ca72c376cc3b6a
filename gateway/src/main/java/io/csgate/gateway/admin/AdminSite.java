package io.csgate.gateway.admin;

import io.csgate.gateway.config.GatewayConfig;
import io.csgate.gateway.http.ApiGuard;
import io.csgate.gateway.http.Router;
import io.csgate.gateway.hub.StateThread;
import io.csgate.gateway.model.ChannelstreamModel;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every path of the admin pages, the explorer and the bundled static files, ready to be added to
 * the gateway's {@link Router}. Admin paths need a session cookie or the server API check
 * ({@link AdminAccess}); the sign-in form, sign-out and {@code /static/*} are open. Built once at
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

    /**
     * @param demoEnabled whether the {@code /demo} paths exist, so the OpenAPI document lists them
     */
    public AdminSite(GatewayConfig config, ApiGuard guard, StateThread state, ChannelstreamModel model,
                     boolean demoEnabled) {
        this(new AdminAccess(config.adminUser(), config.adminSecret(),
                        new AdminSession(config.cookieSecret(), Clock.systemUTC()), guard, config.httpScheme()),
                new AdminJsonHandler(state, model, Clock.systemUTC(), config.publishTimeout()), demoEnabled);
    }

    AdminSite(AdminAccess access, AdminJsonHandler adminJson, boolean demoEnabled) {
        HttpHandler adminJsonRestricted = access.restrict(adminJson, true);
        route("GET", "/admin", access.restrict(page("web/admin.html"), true));
        route("GET", "/admin/admin.json", adminJsonRestricted);
        route("POST", "/admin/admin.json", adminJsonRestricted);
        route("GET", "/admin/debug", access.restrict(new DebugHandler(), true));
        HttpHandler signIn = new SignInHandler(access);
        route("GET", "/admin/sign_in", noFrames(signIn));
        route("POST", "/admin/sign_in", noFrames(signIn));
        HttpHandler signOut = exchange -> {
            exchange.getResponseHeaders().add(Headers.SET_COOKIE, access.cookie(exchange, null));
            access.redirect(exchange, AdminAccess.SIGN_IN);
        };
        route("GET", "/admin/sign_out", signOut);
        route("POST", "/admin/sign_out", signOut);
        route("GET", "/api-explorer", access.restrict(page("web/explorer.html"), true));
        route("GET", "/openapi.json", access.restrict(new OpenApiHandler(demoEnabled), false));
        for (String f : STATIC_FILES) {
            route("GET", "/static/" + f, StaticFile.of("web/static/" + f));
        }
        for (String f : SWAGGER_FILES) {
            route("GET", "/static/swagger-ui/" + f, StaticFile.of(SWAGGER_ROOT + f));
        }
    }

    /** Adds every path of this site to {@code router}. */
    public void addTo(Router router) {
        routes.forEach((key, handler) -> {
            int space = key.indexOf(' ');
            router.add(key.substring(0, space), key.substring(space + 1), handler);
        });
    }

    /** {@code "METHOD /path"} of every route this site adds, in order. */
    public Set<String> endpoints() {
        return Collections.unmodifiableSet(routes.keySet());
    }

    private void route(String method, String path, HttpHandler handler) {
        routes.put(method + " " + path, handler);
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
