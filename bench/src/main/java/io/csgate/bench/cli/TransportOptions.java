package io.csgate.bench.cli;

import io.csgate.bench.http.ChannelstreamApi;
import io.csgate.bench.publish.KafkaTransport;
import io.csgate.bench.publish.LogEnd;
import io.csgate.bench.publish.RestTransport;
import io.csgate.bench.publish.Transport;
import io.csgate.bench.run.DurationConverter;
import io.csgate.bench.run.Target;
import io.csgate.common.event.Topics;
import io.csgate.common.kafka.ClientProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How messages are published: signed REST, or signed records straight to Kafka. */
public final class TransportOptions {

    /** The two ways in. */
    public enum Via { rest, kafka }

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    @Option(names = "--via", defaultValue = "rest", paramLabel = "rest|kafka",
            description = "Publish through POST /message (rest) or produce signed records to the events topic"
                    + " (kafka) (default: ${DEFAULT-VALUE}).")
    Via via;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers for --via kafka; loopback only (the gateway's embedded broker"
                    + " listens on CHANNELSTREAM_EMBEDDED_KAFKA_PORT).")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = Topics.DEFAULT_EVENTS_TOPIC, paramLabel = "TOPIC",
            description = "Events topic for --via kafka (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--kafka-client-properties", paramLabel = "FILE",
            description = "Kafka client settings (security.protocol, sasl.*, ssl.*, ...) for --via kafka and the log"
                    + " size, as a properties file: the gateway's kafka_client_properties.")
    Path kafkaClientProperties;

    @Option(names = "--linger", defaultValue = "1ms", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Kafka producer linger.ms for --via kafka (default: ${DEFAULT-VALUE}).")
    Duration linger;

    private ClientProperties client = ClientProperties.NONE;

    public void validate() {
        if (via == Via.kafka) {
            if (bootstrapServers == null) {
                throw new IllegalArgumentException("--via kafka needs --bootstrap-servers");
            }
        }
        if (bootstrapServers != null) {
            Target.checkBootstrap(bootstrapServers);
        }
        if (kafkaClientProperties != null) {
            if (bootstrapServers == null) {
                throw new IllegalArgumentException("--kafka-client-properties needs --bootstrap-servers");
            }
            client = kafkaClient();
        }
    }

    private ClientProperties kafkaClient() {
        try {
            return ClientProperties.load(kafkaClientProperties);
        } catch (IOException e) {
            throw new IllegalArgumentException("--kafka-client-properties " + kafkaClientProperties
                    + " cannot be read: " + e.getMessage());
        }
    }

    public String name() {
        return via.name();
    }

    /** Records in the events topic, when {@code --bootstrap-servers} is given; else -1. */
    public long logRecords() {
        return bootstrapServers == null ? -1 : LogEnd.records(bootstrapServers, topic, client);
    }

    /** A transport with room for {@code concurrency} requests at once. */
    public Transport open(RunContext ctx, int concurrency) {
        if (via == Via.kafka) {
            return new KafkaTransport(bootstrapServers, topic, ctx.secret(), linger, client);
        }
        return new RestTransport(new ChannelstreamApi(ctx.target(), ctx.secret(), concurrency, REQUEST_TIMEOUT,
                ctx.deadline()));
    }
}
