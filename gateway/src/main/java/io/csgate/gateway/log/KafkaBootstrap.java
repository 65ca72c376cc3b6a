package io.csgate.gateway.log;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where this gateway's Kafka is: the configured cluster, or an embedded broker that this object
 * starts and owns (closing it stops the broker). The embedded broker prefers its configured port;
 * when that is the default and it is taken (a second local gateway with its own data dir, or one
 * that took it at the same moment) the broker takes any free port instead.
 */
public final class KafkaBootstrap implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBootstrap.class);

    private final String servers;
    private final EmbeddedKafka broker;

    private KafkaBootstrap(String servers, EmbeddedKafka broker) {
        this.servers = servers;
        this.broker = broker;
    }

    /** The configured cluster; nothing is started. */
    public static KafkaBootstrap external(String servers) {
        return new KafkaBootstrap(servers, null);
    }

    /** Starts an embedded broker on {@code port}, or on a free port when {@code port} is the default and taken. */
    public static KafkaBootstrap embedded(Path dataDir, int port, int defaultPort, int controllerPort) {
        int chosen = port;
        if (chosen == defaultPort && !EmbeddedKafka.isFree(chosen)) {
            log.warn("embedded_kafka_port {} is in use; the embedded broker takes a free port instead", chosen);
            chosen = 0;
        }
        EmbeddedKafka broker;
        try {
            broker = EmbeddedKafka.start(dataDir, chosen, controllerPort);
        } catch (RuntimeException e) {
            if (chosen != defaultPort) {
                throw e;
            }
            log.warn("embedded_kafka_port {} could not be bound ({}); retrying on a free port", chosen, e.getMessage());
            broker = EmbeddedKafka.start(dataDir, 0, controllerPort);
        }
        return new KafkaBootstrap(broker.bootstrapServers(), broker);
    }

    /** The bootstrap servers the clients use. */
    public String servers() {
        return servers;
    }

    /** Stops the embedded broker, if this gateway started one. */
    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
