package io.csgate.gateway.http;

import io.csgate.common.event.Op;
import io.csgate.gateway.config.GatewayConfig;
import io.csgate.gateway.model.ChannelstreamModel;
import io.csgate.gateway.replica.StateThread;
import io.csgate.gateway.metrics.Meters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.HttpContinueReadHandler;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every path the gateway serves, in one place, and the handlers every request passes first. The
 * operational paths ({@code /healthz}, {@code /readyz}, {@code /metrics}, and the admin panel,
 * added by the {@code pages} callback) go to the management router, which is the public one
 * unless a management listener is configured.
 */
public final class Routes {

    private final HttpHandler root;
    private final HttpHandler management;

    /**
     * @param commands the read-your-writes handler of a state-changing call ({@link CommandHandler})
     * @param ws the websocket endpoint, {@code GET /ws}
     * @param listen the long-poll endpoint, {@code GET /listen}
     */
    public Routes(GatewayConfig config, ApiGuard guard, Function<Command, HttpHandler> commands, StateThread state,
                  ChannelstreamModel model, HttpHandler ws, HttpHandler listen, Readiness readiness,
                  PrometheusMeterRegistry registry, BiConsumer<Router, Router> pages) {
        Router router = new Router()
                .add("POST", "/connect", commands.apply(Commands.connect()))
                .add("POST", "/subscribe", commands.apply(Commands.subscribe(model, Op.SUBSCRIBE)))
                .add("POST", "/unsubscribe", commands.apply(Commands.subscribe(model, Op.UNSUBSCRIBE)))
                .add("POST", "/user_state", commands.apply(Commands.userState(model)))
                .add("POST", "/message", commands.apply(Commands.publish()))
                .add("PATCH", "/message", commands.apply(Commands.edit()))
                .add("DELETE", "/message", commands.apply(Commands.delete()))
                .add("POST", "/channel_config", commands.apply(Commands.channelConfig()))
                .any("/info", new InfoHandler(guard, state, model, config.publishTimeout()))
                .any("/disconnect", commands.apply(Commands.disconnect(model)))
                .add("GET", "/ws", ws)
                .add("GET", "/listen", listen);
        // With a management listener the operational paths move there, off the public port.
        Router management = config.managementListener() ? new Router() : router;
        management.add("GET", "/healthz", OpsHandlers.health())
                .add("GET", "/readyz", OpsHandlers.ready(readiness))
                .add("GET", "/metrics", OpsHandlers.metrics(registry));
        pages.accept(router, management); // admin, explorer, static files and demo (packages admin, demo)
        BodyLimitHandler.Budget bodies = BodyLimitHandler.Budget.forHeap(config.maxBodyBytes());
        this.root = chain(config, router, bodies, registry);
        this.management = management == router ? root : chain(config, management, bodies, registry);
        FunctionCounter.builder(Meters.HTTP_ERRORS, bodies, b -> Failures.count()).register(registry);
    }

    /** What every request goes through before its route: errors, CORS, proxy headers, the body. */
    private static HttpHandler chain(GatewayConfig config, Router router, BodyLimitHandler.Budget bodies,
                                     PrometheusMeterRegistry registry) {
        HttpHandler limited = new HttpContinueReadHandler(new BodyLimitHandler(config.maxBodyBytes(),
                config.bodyTimeout(), bodies, registry, router));
        return Failures.guard(new CorsHandler(config.allowCors(),
                new ProxyHeadersHandler(config.enforceHttps(), limited)));
    }

    /** The handler of the HTTP and websocket port. */
    public HttpHandler root() {
        return root;
    }

    /** The handler of the management listener (the same as {@link #root} when there is none). */
    public HttpHandler management() {
        return management;
    }
}
