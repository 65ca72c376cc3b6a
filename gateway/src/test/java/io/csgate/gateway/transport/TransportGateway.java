package io.csgate.gateway.transport;

import io.csgate.gateway.admin.SessionRevocations;
import io.csgate.gateway.cluster.Liveness;
import io.csgate.gateway.config.ConfigLoader;
import io.csgate.gateway.config.GatewayConfig;
import io.csgate.gateway.http.ApiGuard;
import io.csgate.gateway.http.Command;
import io.csgate.gateway.http.CommandHandler;
import io.csgate.gateway.http.HttpServer;
import io.csgate.gateway.http.Readiness;
import io.csgate.gateway.http.Routes;
import io.csgate.gateway.http.SignatureCheckers;
import io.csgate.gateway.hub.Activity;
import io.csgate.gateway.hub.Attachments;
import io.csgate.gateway.hub.CloseCodes;
import io.csgate.gateway.hub.Hub;
import io.csgate.gateway.metrics.MetricsSetup;
import io.csgate.gateway.model.ChannelstreamModel;
import io.csgate.gateway.replica.ModelEvents;
import io.csgate.gateway.replica.OwnEvents;
import io.csgate.gateway.replica.Timers;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.ws.Lanes;
import io.csgate.gateway.ws.LongPollHandler;
import io.csgate.gateway.ws.WsHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The transport tier's gateway: the real Undertow server, routes, command handlers, websocket and
 * long-poll stack and model, wired as {@code Gateway} wires them, on an {@link InMemoryLog} instead
 * of Kafka. Starts in milliseconds; port 0 on 127.0.0.1. The admin and demo sites are not mounted.
 */
final class TransportGateway implements AutoCloseable {

    static final String SECRET = "transport-secret";
    static final String GATEWAY_ID = "gw-transport";

    final InMemoryLog log = new InMemoryLog();
    final Hub hub = new Hub();
    final ChannelstreamModel model = new ChannelstreamModel(hub);
    final Lanes lanes;
    /** The {@code reason} of every socket this gateway closed, as {@code csgate_sessions_closed} counts them. */
    final List<String> closeReasons = new CopyOnWriteArrayList<>();
    private final PrometheusMeterRegistry registry = MetricsSetup.prometheus(GATEWAY_ID);
    private final Timers timers = new Timers();
    private final HttpServer http;

    private TransportGateway(GatewayConfig config) {
        this.lanes = new Lanes(config.maxQueuedBytes(), config.slowConsumerAfter(),
                Lanes.paceAtBytes(Runtime.getRuntime().maxMemory()));
        log.applyWith(new ModelEvents(model, new Liveness(GATEWAY_ID, config.gatewayDownAfter()),
                new SessionRevocations(Clock.systemUTC())), lanes::deferringWakes);
        OwnEvents emitter = new OwnEvents(log, GATEWAY_ID, Clock.systemUTC());
        Activity activity = Activity.systemClock();
        Attachments attachments = new Attachments(hub, log, timers, model, emitter, GATEWAY_ID, activity);
        WsHandler ws = new WsHandler(attachments, lanes, closeReasons::add, activity::touch);
        LongPollHandler listen = new LongPollHandler(attachments, config.wakeConnectionsAfter());
        ApiGuard guard = new ApiGuard(config.allowPostingFrom(), config.trustedProxies(),
                SignatureCheckers.create(config));
        Function<Command, HttpHandler> commands = command -> new CommandHandler(command, guard, log, log, log,
                GATEWAY_ID, config.publishTimeout(), registry);
        Readiness ready = new Readiness() {
            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public Map<String, Object> details() {
                return Map.of("gateway_id", GATEWAY_ID);
            }
        };
        Routes routes = new Routes(config, guard, commands, log, model, ws, listen, ready, registry, (r, m) -> { });
        HttpHandler root = routes.root();
        HttpHandler management = routes.management();
        this.http = HttpServer.start(config, root, management, registry);
    }

    /** A gateway with the test secret, {@code publish_timeout} 5 s and {@code overrides}. */
    static TransportGateway start(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put("secret", SECRET);
        values.put("host", "127.0.0.1");
        values.put("port", "0");
        values.put("gateway_id", GATEWAY_ID);
        values.put("publish_timeout", "5");
        try {
            values.put("data_dir", Files.createTempDirectory("csgate-transport").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        values.putAll(overrides);
        return new TransportGateway(ConfigLoader.fromValues(values));
    }

    static TransportGateway start() {
        return start(Map.of());
    }

    String url() {
        return "http://127.0.0.1:" + http.port();
    }

    String wsBase() {
        return "ws://127.0.0.1:" + http.port();
    }

    ApiClient client() {
        return new ApiClient(url(), SECRET);
    }

    @Override
    public void close() throws Exception {
        lanes.closeAll(CloseCodes.GOING_AWAY, Lanes.SHUTDOWN_REASON);
        lanes.awaitClosed(Duration.ofSeconds(3));
        http.close();
        timers.close();
        log.close();
        registry.close();
    }
}
