package io.csgate.gateway;

import io.csgate.common.event.Op;
import io.csgate.common.sign.RecordSigner;
import io.csgate.common.sign.RecordVerifier;
import io.csgate.gateway.cluster.Liveness;
import io.csgate.gateway.cluster.KafkaWatch;
import io.csgate.gateway.cluster.ReplicaReadiness;
import io.csgate.gateway.cluster.Snapshot;
import io.csgate.gateway.cluster.SnapshotLoader;
import io.csgate.gateway.cluster.SnapshotThread;
import io.csgate.gateway.cluster.Snapshotter;
import io.csgate.gateway.cluster.UserExpiry;
import io.csgate.gateway.cluster.LivenessKeeper;
import io.csgate.gateway.admin.AdminSite;
import io.csgate.gateway.admin.SessionRevocations;
import io.csgate.gateway.config.GatewayConfig;
import io.csgate.gateway.demo.DemoSite;
import io.csgate.gateway.hub.Activity;
import io.csgate.gateway.hub.Attachments;
import io.csgate.gateway.hub.Resumes;
import io.csgate.gateway.http.ResumeAnswers;
import io.csgate.gateway.log.LogArchive;
import io.csgate.gateway.hub.CloseCodes;
import io.csgate.gateway.hub.ConnectionReaper;
import io.csgate.gateway.hub.Hub;
import io.csgate.gateway.http.ApiGuard;
import io.csgate.gateway.http.Command;
import io.csgate.gateway.http.CommandHandler;
import io.csgate.gateway.http.HttpServer;
import io.csgate.gateway.http.OpsHandlers;
import io.csgate.gateway.http.Readiness;
import io.csgate.gateway.http.Routes;
import io.csgate.gateway.http.SignatureCheckers;
import io.csgate.gateway.log.AppliedPositions;
import io.csgate.gateway.log.Applier;
import io.csgate.gateway.log.ApplierThread;
import io.csgate.gateway.log.ApplyQueue;
import io.csgate.gateway.log.ClusterCheck;
import io.csgate.gateway.log.KafkaBootstrap;
import io.csgate.gateway.log.EventPublisher;
import io.csgate.gateway.log.KafkaClients;
import io.csgate.gateway.log.LogReader;
import io.csgate.gateway.replica.ModelEvents;
import io.csgate.gateway.log.RecordDecoder;
import io.csgate.gateway.log.SnapshotStore;
import io.csgate.gateway.log.TopicSetup;
import io.csgate.gateway.log.Waiters;
import io.csgate.gateway.metrics.Meters;
import io.csgate.gateway.metrics.MetricsSetup;
import io.csgate.gateway.model.ChannelstreamModel;
import io.csgate.gateway.replica.OwnEvents;
import io.csgate.gateway.replica.Timers;
import io.csgate.gateway.ws.LongPollHandler;
import io.csgate.gateway.ws.Lanes;
import io.csgate.gateway.ws.WsHandler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway: wires the components together in start order and closes them in reverse (each is
 * pushed on {@code closers} as it starts). It holds no logic and starts no thread of its own; the
 * threads belong to named components: Undertow's IO and worker threads ({@link HttpServer}), the
 * embedded broker ({@link KafkaBootstrap}), {@code csgate-log-reader} ({@link LogReader}),
 * {@code csgate-applier} ({@link ApplierThread}, the state thread), {@code csgate-publisher}
 * ({@link EventPublisher}), {@code csgate-snapshot} ({@link SnapshotThread}) and
 * {@code csgate-timers} ({@link Timers}, whose chores are named where they are scheduled below).
 * Closing tells clients and the cluster first (1001 to every socket, this gateway's
 * {@code gateway_down}), then closes the components.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    /** Longest wait at shutdown for websockets to end their close handshake (each has 1 s of grace). */
    private static final Duration SOCKETS_CLOSE_WAIT = Duration.ofSeconds(3);

    private final GatewayConfig config;
    private final Deque<AutoCloseable> closers;
    private final PrometheusMeterRegistry registry;
    private final String bootstrap;
    private final KafkaClients clients;
    private final Hub hub;
    private final ApplierThread state;
    private final LogReader reader;
    private final EventPublisher publisher;
    private final HttpServer http;
    private final Liveness liveness;
    private final ReplicaReadiness readiness;
    private final SnapshotStore snapshots;
    private final ChannelstreamModel model;
    private final SessionRevocations revocations;
    private final OwnEvents emitter;
    private final Lanes lanes;
    /** Until every component is up, HTTP serves {@link OpsHandlers#starting} only. */
    private volatile HttpHandler root;
    private volatile HttpHandler management;

    /** What the constructor opened goes into {@code closers} at once: {@link #start} closes it if a later step fails. */
    private Gateway(GatewayConfig config, Deque<AutoCloseable> closers) {
        this.config = config;
        this.closers = closers;
        this.registry = MetricsSetup.prometheus(config.gatewayId());
        closers.push(registry::close);
        // Serving first: /healthz, and /readyz with the reason, answer while Kafka is awaited.
        // With a management listener the operational paths answer there only, as they will later.
        this.readiness = new ReplicaReadiness(config.gatewayId());
        this.root = OpsHandlers.starting(readiness, registry, !config.managementListener());
        this.management = OpsHandlers.starting(readiness, registry, true);
        this.http = HttpServer.start(config, exchange -> root.handleRequest(exchange),
                exchange -> management.handleRequest(exchange), registry);
        AutoCloseable httpWhileStarting = http::close;
        closers.push(httpWhileStarting);

        KafkaBootstrap kafka = config.kafkaBootstrapServers().isEmpty()
                ? KafkaBootstrap.embedded(config.dataDir(), config.embeddedKafkaPort(),
                        GatewayConfig.DEFAULT_EMBEDDED_KAFKA_PORT, config.embeddedKafkaControllerPort())
                : KafkaBootstrap.external(config.kafkaBootstrapServers());
        closers.push(kafka);
        this.bootstrap = kafka.servers();
        this.clients = new KafkaClients(bootstrap, config.kafkaClient());
        ClusterCheck clusterCheck = new ClusterCheck(clients, new TopicSetup.Plan(config.kafkaTopic(), config.kafkaPartitions(),
                config.kafkaSnapshotTopic(), config.kafkaReplicationFactor(), config.kafkaMinInsyncReplicas(),
                config.kafkaCreateTopics(), config.snapshotEveryEvents(), !config.recordTimeWindow().isZero()),
                "csgate-" + config.gatewayId() + "-admin");
        readiness.checking(clusterCheck);
        try {
            clusterCheck.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the start was interrupted while waiting for Kafka", e);
        }

        RecordSigner signer = new RecordSigner(config.secret());
        RecordDecoder decoder = new RecordDecoder(new RecordVerifier(config.recordKeys()), config.recordTimeWindow());
        this.hub = new Hub();
        this.snapshots = new SnapshotStore(clients, config.kafkaSnapshotTopic(),
                "csgate-" + config.gatewayId() + "-snapshots");
        closers.push(snapshots);
        Optional<Snapshot> start = SnapshotLoader.latest(snapshots, config.kafkaTopic(), config.snapshotEveryEvents() > 0);
        Map<Integer, Long> restoredFrom = start.map(Snapshot::positions).orElse(Map.of());
        this.model = start.map(s -> s.restore(hub)).orElseGet(() -> new ChannelstreamModel(hub));
        this.liveness = new Liveness(config.gatewayId(), config.gatewayDownAfter());
        this.revocations = new SessionRevocations(Clock.systemUTC());
        start.ifPresent(s -> revocations.restore(s.revokedSessions()));
        this.state = new ApplierThread();
        Waiters waiters = new Waiters();
        closers.push(waiters); // closed after the state thread: what it still applies is answered
        closers.push(state);
        AppliedPositions positions = new AppliedPositions();
        Applier applier = new Applier(new ModelEvents(model, liveness, revocations), waiters, positions, registry);
        String epoch = LogArchive.epochOf(clients, config.kafkaTopic(), "csgate-" + config.gatewayId() + "-admin");
        applier.inEpoch(epoch); // before the reader starts: every applied event has its position
        model.resumeLimit(config.resumeMaxEvents() == 0 || epoch == null ? -1 : config.resumeMaxEvents());
        LogArchive archive = new LogArchive(clients, config.kafkaTopic(), decoder, epoch,
                "csgate-" + config.gatewayId() + "-catchup");
        closers.push(archive);
        // before the reader starts, so before any record is applied
        start.ifPresent(s -> applier.restore(s.recentIds(), s.positions()));
        ApplyQueue queue = new ApplyQueue(decoder, applier, state);
        this.publisher = new EventPublisher(clients, config.kafkaTopic(), signer, config.publishTimeout(),
                registry, "csgate-" + config.gatewayId() + "-producer");
        closers.push(publisher);
        this.emitter = new OwnEvents(publisher, config.gatewayId(), Clock.systemUTC());
        this.reader = new LogReader(clients, config.kafkaTopic(), queue, registry,
                "csgate-" + config.gatewayId() + "-reader");
        closers.push(reader);
        reader.start(restoredFrom);

        Gauge.builder(Meters.SESSIONS, hub, Hub::size).register(registry);
        FunctionCounter.builder(Meters.FRAMES_SENT, hub, Hub::framesSent).register(registry);
        FunctionCounter.builder(Meters.MESSAGES_DROPPED, model, ChannelstreamModel::droppedNoChannel).register(registry);
        Gauge.builder(Meters.USERS, model, ChannelstreamModel::userCount).register(registry);

        Timers timers = new Timers();
        closers.push(timers);
        Activity activity = Activity.systemClock();
        Resumes resumes = new Resumes(archive, state, hub, config.maxQueuedBytes() / 8, config.maxQueuedBytes(), registry);
        Attachments attachments = new Attachments(hub, state, timers, model, emitter, config.gatewayId(), activity,
                resumes);
        this.lanes = new Lanes(config.maxQueuedBytes(), config.slowConsumerAfter(),
                Lanes.paceAtBytes(Runtime.getRuntime().maxMemory()));
        applier.aroundEachBatch(lanes::deferringWakes);
        queue.holdBackWhile(lanes);
        Gauge.builder(Meters.WEBSOCKET_QUEUED_BYTES, lanes, Lanes::queuedBytes).baseUnit("bytes").register(registry);
        FunctionCounter.builder(Meters.LOG_HELD_BACK, queue, ApplyQueue::heldBackSeconds).baseUnit("seconds")
                .register(registry);
        WsHandler ws = new WsHandler(attachments, lanes,
                reason -> registry.counter(Meters.SESSIONS_CLOSED, "reason", reason).increment(), activity::touch);
        LongPollHandler listen = new LongPollHandler(attachments, config.wakeConnectionsAfter());
        ConnectionReaper reaper = new ConnectionReaper(state, model, hub, attachments, activity, emitter,
                config.gatewayId(), config.gcConnsAfter());
        ApiGuard guard = new ApiGuard(config.allowPostingFrom(), config.trustedProxies(),
                SignatureCheckers.create(config));
        Function<Command, HttpHandler> commands =
                command -> new CommandHandler(command.op() == Op.CONNECT ? new ResumeAnswers(command,
                        connId -> stillHeld(connId, resumes), resumes::refused) : command, guard, state, publisher,
                        waiters, config.gatewayId(), config.publishTimeout(), registry);
        AdminSite admin = new AdminSite(config, guard, state, model, config.demo(), revocations, commands,
                () -> registry.counter(Meters.HTTP_REQUESTS_REFUSED, "reason", "sign_in_rate").increment());
        DemoSite demo = new DemoSite(commands, model);
        Routes routes = new Routes(config, guard, commands, state, model, ws, listen, readiness, registry,
                (router, management) -> {
            admin.addTo(router, management);
            if (config.demo()) {
                demo.addTo(router);
            }
        });
        this.root = routes.root();
        this.management = routes.management();
        closers.remove(httpWhileStarting); // closed from here on where it always was: before the log
        closers.push(http);

        SnapshotThread snapshotThread = new SnapshotThread();
        closers.push(snapshotThread);
        applier.afterEachBatch(new Snapshotter(model, applier, positions, liveness, snapshots, config.kafkaTopic(),
                config.gatewayId(), config.snapshotEveryEvents(), snapshotThread, revocations::export));
        LivenessKeeper keeper = new LivenessKeeper(liveness, state, model, emitter, config.gatewayHeartbeatInterval());
        Duration second = Duration.ofSeconds(1);
        timers.every("socket heartbeats", config.heartbeatInterval(), config.heartbeatInterval(), hub::heartbeat);
        timers.every("connection GC", second, second, reaper);
        timers.every("gateway heartbeat", Duration.ZERO, config.gatewayHeartbeatInterval(), keeper::beat);
        timers.every("liveness check", second, second, keeper::check);
        timers.every("Kafka contact watch", second, second,
                new KafkaWatch(reader::lastContact, config.gatewayDownAfter(), hub));
        Duration expiryEvery = UserExpiry.period(config.gcUsersAfter());
        timers.every("user expiry", expiryEvery, expiryEvery,
                new UserExpiry(liveness, state, model, emitter, config.gcUsersAfter()));
        closers.remove(timers); // its chores stop first: before anything they use is closed
        closers.push(timers);
        readiness.started(reader, positions, restoredFrom, hub::size);
    }

    /** Whether the log still holds the start of the connection's pending resume (true when none is pending). */
    private CompletableFuture<Boolean> stillHeld(UUID connId, Resumes resumes) {
        return state.call(() -> model.pendingResume(connId)).thenCompose(pending -> pending
                .map(range -> resumes.logStart(range.from().partition()).thenApply(start -> range.firstOffset() >= start))
                .orElse(CompletableFuture.completedFuture(true)));
    }

    /**
     * Starts a gateway. HTTP is served at once (not ready); the call returns when Kafka serves this
     * gateway and every part is up, however long that takes ({@link ClusterCheck}: a wrong password
     * or an unreachable cluster is retried, with the reason in {@code /readyz}). Interrupting the
     * calling thread abandons the start.
     *
     * @throws RuntimeException with a one-line reason when a part cannot start; what was opened is closed
     */
    public static Gateway start(GatewayConfig config) {
        Deque<AutoCloseable> closers = new ArrayDeque<>();
        try {
            return new Gateway(config, closers);
        } catch (RuntimeException e) {
            boolean interrupted = Thread.interrupted(); // an abandoned start: let the closers wait
            closeAll(closers);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
    }

    /** What {@code /readyz} answers (for operators and tests). */
    public Readiness readiness() {
        return readiness;
    }

    /** Which gateway owns a connection, as this replica knows it (for operators and tests). */
    public String connectionOwner(UUID connId) {
        try {
            return state.call(() -> model.connectionOwner(connId).orElse("")).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the state thread did not answer", e);
        }
    }

    public int port() {
        return http.port();
    }

    /** The management listener's port, or -1 when there is none. */
    public int managementPort() {
        return http.managementPort();
    }

    /** Client connections open on the HTTP port now, and the limit (for operators and tests). */
    public int openConnections() {
        return http.openConnections();
    }

    public int maxConnections() {
        return http.maxConnections();
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public String url() {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return "http://" + host + ":" + port();
    }

    @Override
    public void close() {
        readiness.stopping();
        // Every websocket gets 1001 first, attached or not: applying our own gateway_down below
        // would otherwise close the attached ones with 1000.
        lanes.closeAll(CloseCodes.GOING_AWAY, Lanes.SHUTDOWN_REASON);
        hub.closeAll(CloseCodes.GOING_AWAY, Lanes.SHUTDOWN_REASON);
        // Tell every replica at once that this gateway's connections are gone (their clients
        // reconnect elsewhere), rather than waiting for liveness to notice.
        try {
            emitter.emit(Op.GATEWAY_DOWN, Map.of("gateway_id", config.gatewayId())).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("could not announce this gateway's shutdown: {}", e.toString());
        }
        // The IO threads must live until the close frames are out and answered (stopping the server
        // first cuts connections whose close frame is still queued).
        try {
            if (!lanes.awaitClosed(SOCKETS_CLOSE_WAIT)) {
                log.info("{} websockets had not ended their close handshake after {} s; cutting them",
                        lanes.sockets(), SOCKETS_CLOSE_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeAll();
    }

    /**
     * Stops as a killed process would: no {@code gateway_down}, no disconnects, no more heartbeats;
     * sockets are cut. The rest of the cluster must notice by itself. For fault drills and tests.
     */
    public void halt() {
        emitter.stop();
        readiness.stopping();
        closeAll();
    }

    private void closeAll() {
        closeAll(closers);
    }

    private static void closeAll(Deque<AutoCloseable> closers) {
        while (!closers.isEmpty()) {
            AutoCloseable c = closers.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
