package io.csgate.gateway.http;

import io.csgate.common.event.Op;
import io.csgate.gateway.config.GatewayConfig;
import io.csgate.gateway.log.Applier;
import io.csgate.gateway.log.EventPublisher;
import io.csgate.gateway.model.ChannelstreamModel;
import io.csgate.gateway.ws.WsHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import java.util.function.Consumer;

/** Every path the gateway serves, in one place. */
public final class Routes {

    private final HttpHandler root;

    public Routes(GatewayConfig config, ApiGuard guard, Applier applier, EventPublisher publisher,
                  ChannelstreamModel model, WsHandler ws, HttpHandler listen, Readiness readiness,
                  PrometheusMeterRegistry registry, Consumer<Router> pages) {
        CommandFactory commands = command -> new CommandHandler(command, guard, applier, publisher,
                config.gatewayId(), config.publishTimeout(), registry);
        Router router = new Router()
                .add("POST", "/connect", commands.handler(Commands.connect()))
                .add("POST", "/subscribe", commands.handler(Commands.subscribe(model, Op.SUBSCRIBE)))
                .add("POST", "/unsubscribe", commands.handler(Commands.subscribe(model, Op.UNSUBSCRIBE)))
                .add("POST", "/user_state", commands.handler(Commands.userState(model)))
                .add("POST", "/message", commands.handler(Commands.publish()))
                .add("PATCH", "/message", commands.handler(Commands.edit()))
                .add("DELETE", "/message", commands.handler(Commands.delete()))
                .add("POST", "/channel_config", commands.handler(Commands.channelConfig()))
                .any("/info", new InfoHandler(guard, applier, model, config.publishTimeout()))
                .any("/disconnect", commands.handler(Commands.disconnect(model)))
                .add("GET", "/ws", ws)
                .add("GET", "/listen", listen)
                .add("GET", "/healthz", OpsHandlers.health())
                .add("GET", "/readyz", OpsHandlers.ready(readiness))
                .add("GET", "/metrics", OpsHandlers.metrics(registry));
        pages.accept(router); // admin, explorer, static files and demo (packages admin, demo)
        HttpHandler limited = new BodyLimitHandler(config.maxBodyBytes(), router);
        this.root = new CorsHandler(config.allowCors(), new ProxyHeadersHandler(config.enforceHttps(), limited));
    }

    public HttpHandler root() {
        return root;
    }

    private interface CommandFactory {
        HttpHandler handler(Command command);
    }
}
