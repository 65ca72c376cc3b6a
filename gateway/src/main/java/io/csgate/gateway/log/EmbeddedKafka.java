package io.csgate.gateway.log;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft broker (broker and controller in one process), started in this JVM
 * when no bootstrap servers are configured. It is the same broker code that runs in production,
 * listening on 127.0.0.1 only, with its data under {@code dataDir}: restarting on the same folder
 * keeps the log, so the gateway's state survives a restart.
 *
 * <p>{@link #start} blocks until the broker has started; {@link #close} shuts it down and waits.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaRaftServer server;
    private final int port;
    private final Path logDir;

    private EmbeddedKafka(KafkaRaftServer server, int port, Path logDir) {
        this.server = server;
        this.port = port;
        this.logDir = logDir;
    }

    /**
     * Formats {@code dataDir} on first use and starts the broker.
     *
     * @param port the client port; 0 picks a free one
     * @param controllerPort the KRaft controller port; 0 picks a free one
     */
    public static EmbeddedKafka start(Path dataDir, int port, int controllerPort) {
        return start(dataDir, port, controllerPort, Map.of());
    }

    /**
     * As {@link #start(Path, int, int)}, with {@code overrides} replacing or adding broker settings
     * (more listeners, TLS, SASL, an authorizer): how tests run a secured cluster. {@code port} stays
     * the plain listener that {@link #bootstrapServers()} names.
     */
    public static EmbeddedKafka start(Path dataDir, int port, int controllerPort, Map<String, String> overrides) {
        int clientPort = port == 0 ? freePort() : port;
        int ctlPort = controllerPort == 0 ? freePort() : controllerPort;
        Path logDir = dataDir.toAbsolutePath().resolve("kafka");
        try {
            Files.createDirectories(logDir);
            Properties props = brokerProperties(logDir, clientPort, ctlPort);
            props.putAll(overrides);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(props, dataDir.toAbsolutePath());
            }
            long started = System.nanoTime();
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                // e.g. the port was taken between choosing it and binding: leave nothing running
                server.shutdown();
                server.awaitShutdown();
                throw e;
            }
            log.info("embedded Kafka broker started on 127.0.0.1:{} (data {}) in {} ms",
                    clientPort, logDir, (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedKafka(server, clientPort, logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded Kafka data folder " + logDir, e);
        }
    }

    static Properties brokerProperties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("background.threads", "2");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        // The one controller appends a no-op record to the metadata log every 500 ms by default, so that
        // brokers can tell a live quorum from a stalled one; a single node has no one to tell. Measured
        // (docs/benchmarks.md, idle): part of what an idle gateway with its broker spent.
        p.put("metadata.max.idle.interval.ms", "0");
        // Idle costs, measured per thread (docs/benchmarks.md, idle). The broker part reports to the
        // controller part of this same JVM every 2 s by default; every 5 s (the session timeout kept at
        // three and a half reports) halved what the threads involved spend, about 0.07% of a core, and
        // changes nothing a client sees. Consumer groups (the gateways use none) get one coordinator
        // thread instead of four: 0.13% of a core became 0.08%.
        p.put("broker.heartbeat.interval.ms", "5000");
        p.put("broker.session.timeout.ms", "18000");
        p.put("group.coordinator.threads", "1");
        return p;
    }

    private static void format(Properties props, Path dataDir) throws IOException {
        Path file = dataDir.resolve("kafka-server.properties");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(w, "embedded KRaft broker, written by the gateway");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            // execute(), not main(): main() calls System.exit.
            rc = StorageTool.execute(
                    new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", file.toString()}, ps);
        }
        if (rc != 0) {
            throw new IllegalStateException("formatting the embedded Kafka storage failed (exit " + rc + "): "
                    + out.toString(StandardCharsets.UTF_8).trim());
        }
    }

    /** Whether {@code port} can be bound on 127.0.0.1 right now. */
    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public void close() {
        log.info("stopping the embedded Kafka broker on 127.0.0.1:{}", port);
        server.shutdown();
        server.awaitShutdown();
    }
}
