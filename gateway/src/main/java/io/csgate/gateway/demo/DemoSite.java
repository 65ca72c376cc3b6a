package io.csgate.gateway.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.event.Op;
import io.csgate.gateway.http.Command;
import io.csgate.gateway.http.Commands;
import io.csgate.gateway.http.Router;
import io.csgate.gateway.model.ChannelstreamModel;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The chat demo: {@code GET /demo} (the page; its scripts are served under {@code /static/}) and
 * the open endpoints {@code /demo/connect}, {@code /demo/subscribe}, {@code /demo/unsubscribe},
 * {@code /demo/user_state} and {@code /demo/message} (POST, PATCH, DELETE). Each endpoint runs the
 * matching server API command in-process through the same pipeline as the signed endpoint (no
 * loopback HTTP, so it works whatever {@code allow_posting_from} and the bind address are), with
 * the signature check skipped. Anyone who can reach the gateway can use them, so the gateway
 * adds these paths only when the {@code demo} setting is on (off by default; a warning is logged
 * while it is on).
 */
public final class DemoSite {

    private final Map<String, HttpHandler> routes = new LinkedHashMap<>();

    /**
     * @param pipeline the read-your-writes handler of the server API for a command (the
     *     gateway's {@code CommandHandler})
     */
    public DemoSite(Function<Command, HttpHandler> pipeline, ChannelstreamModel model) {
        route("GET", "/demo", page("web/demo.html"));
        route("POST", "/demo/connect", open(pipeline, Commands.connect(), DemoRequests::connect));
        route("POST", "/demo/subscribe", open(pipeline, Commands.subscribe(model, Op.SUBSCRIBE),
                b -> DemoRequests.subscribe(b, true)));
        route("POST", "/demo/unsubscribe", open(pipeline, Commands.subscribe(model, Op.UNSUBSCRIBE),
                b -> DemoRequests.subscribe(b, false)));
        route("POST", "/demo/user_state", open(pipeline, Commands.userState(model), DemoRequests::userState));
        route("POST", "/demo/message", open(pipeline, Commands.publish(), DemoRequests::publish));
        route("PATCH", "/demo/message", open(pipeline, Commands.edit(), DemoRequests::edit));
        route("DELETE", "/demo/message", open(pipeline, Commands.delete(), DemoRequests::delete));
    }

    /** Adds every demo path to {@code router}. */
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

    private static HttpHandler open(Function<Command, HttpHandler> pipeline, Command target,
                                    UnaryOperator<JsonNode> translate) {
        return pipeline.apply(new DemoCommand(target, translate));
    }

    private static HttpHandler page(String resource) {
        byte[] html;
        try (InputStream in = DemoSite.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            html = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + resource, e);
        }
        return exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=UTF-8")
                    .put(Headers.CACHE_CONTROL, "no-cache");
            exchange.getResponseSender().send(ByteBuffer.wrap(html).asReadOnlyBuffer());
        };
    }
}
