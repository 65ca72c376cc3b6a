package io.csgate.gateway.http;

import io.csgate.gateway.replica.Unavailable;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /healthz}, {@code /readyz} and {@code /metrics}: for load balancers and Prometheus. */
public final class OpsHandlers {

    private OpsHandlers() {}

    /** Live as long as the process serves HTTP. */
    public static HttpHandler health() {
        return exchange -> Responses.json(exchange, 200, Map.of("status", "ok"));
    }

    /** 200 when ready, 503 otherwise, with the details either way. */
    public static HttpHandler ready(Readiness readiness) {
        return exchange -> {
            boolean ok = readiness.ready();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", ok ? "ready" : "not ready");
            body.putAll(readiness.details());
            Responses.json(exchange, ok ? 200 : 503, body);
        };
    }

    /**
     * What a starting gateway serves: {@code /healthz}, {@code /readyz} (503, saying what the start
     * waits for) and {@code /metrics} when {@code withOps}; any other request gets a 503 JSON error
     * with that reason.
     *
     * @param withOps false for the public port when a management listener serves the operational paths
     */
    public static HttpHandler starting(Readiness readiness, PrometheusMeterRegistry registry, boolean withOps) {
        Router router = new Router()
                .add("GET", "/healthz", health())
                .add("GET", "/readyz", ready(readiness))
                .add("GET", "/metrics", metrics(registry));
        return Failures.guard(exchange -> {
            String path = exchange.getRelativePath();
            if (withOps && (path.equals("/healthz") || path.equals("/readyz") || path.equals("/metrics"))) {
                router.handleRequest(exchange);
                return;
            }
            Object why = readiness.details().getOrDefault("kafka_error", "waiting for Kafka");
            throw new Unavailable("the gateway is starting: " + why);
        });
    }

    /** The Prometheus text exposition format. */
    public static HttpHandler metrics(PrometheusMeterRegistry registry) {
        return exchange -> {
            if (exchange.isInIoThread()) {
                exchange.dispatch(Failures.guard(OpsHandlers.metrics(registry)));
                return;
            }
            Responses.text(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
        };
    }
}
