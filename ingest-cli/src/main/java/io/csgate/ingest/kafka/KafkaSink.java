package io.csgate.ingest.kafka;

import io.csgate.common.event.Topics;
import io.csgate.ingest.ExitCode;
import io.csgate.ingest.IngestException;
import io.csgate.ingest.config.Settings;
import io.csgate.common.kafka.ClientProperties.Pin;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces signed records (the {@code cs-signature} header, docs/producers.md) with
 * {@code acks=all} and the idempotent producer, so an acknowledged record is on every in-sync
 * replica, once, in send order. Records have no key (the gateways ignore it; the topic's single
 * partition orders everything).
 *
 * <p>Threads: one thread calls {@link #send}; the producer's I/O thread runs the callbacks, which
 * only count and complete futures.
 */
public final class KafkaSink implements EventSink {

    public static final String CLIENT_ID = "csgate-ingest-cli";
    /** Large batches, a short linger: many records per request without holding a single one long. */
    static final int LINGER_MS = 10;
    static final int BATCH_BYTES = 1024 * 1024;
    /**
     * Records waiting for the broker; beyond it, sending waits (for at most the timeout). Small
     * enough to drain well within the delivery timeout on a busy broker: with 64 MB, 5,000,000
     * lines into a live gateway's embedded broker on 2 cores left batches 30 s in the queue, and
     * they expired unsent (measured, docs/benchmarks.md).
     */
    static final long BUFFER_BYTES = 8L * 1024 * 1024;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Deliveries deliveries = new Deliveries();

    KafkaSink(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * A sink on a producer made by {@code factory} for {@code settings}, once Kafka answered there
     * and holds the topic ({@link ProducerFactory#check}, waiting at most {@code connectTimeout}).
     *
     * @throws IngestException when Kafka cannot be reached (exit 1) or the settings are unusable (exit 2)
     */
    public static KafkaSink open(ProducerFactory factory, Settings settings, Duration timeout, Duration connectTimeout) {
        Properties properties;
        try {
            properties = properties(settings, timeout);
        } catch (IllegalArgumentException e) { // a Kafka client setting contradicts a pin
            throw IngestException.usage("invalid Kafka client setting: " + e.getMessage());
        }
        factory.check(properties, settings.topic(), connectTimeout);
        Producer<byte[], byte[]> producer;
        try {
            producer = factory.create(properties);
        } catch (KafkaException e) {
            String cause = e.getCause() != null && e.getCause() != e ? ": " + e.getCause().getMessage() : "";
            throw new IngestException(e.getCause() instanceof ConfigException ? ExitCode.USAGE : ExitCode.NOT_DELIVERED,
                    "cannot create a Kafka producer for " + settings.bootstrapServers() + ": " + e.getMessage() + cause);
        }
        return new KafkaSink(producer, settings.topic());
    }

    /**
     * {@link #properties(String, Duration)} with the operator's Kafka client settings on top, which
     * may change anything but what the CLI depends on.
     *
     * @throws IllegalArgumentException naming an entry that contradicts a setting the CLI depends on
     */
    static Properties properties(Settings settings, Duration timeout) {
        Map<String, Object> defaults = new HashMap<>();
        properties(settings.bootstrapServers(), timeout).forEach((k, v) -> defaults.put((String) k, v));
        String bootstrap = settings.bootstrapServers();
        return settings.kafkaClient().apply(defaults, List.of(
                Pin.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, "the cluster is named by --bootstrap-servers"
                        + " or kafka_bootstrap_servers"),
                Pin.of(ProducerConfig.ACKS_CONFIG, "all", "a record counts as sent only once every in-sync replica has it"),
                Pin.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, "retries must never write a record twice"),
                Pin.unset(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "the CLI's producer is not transactional"),
                Pin.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(), "records are bytes"),
                Pin.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                        "records are bytes")));
    }

    /** The producer configuration: durable, idempotent, batched; every wait bounded by {@code timeout}. */
    public static Properties properties(String bootstrap, Duration timeout) {
        int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(1000, timeout.toMillis()));
        int request = Math.min(ms, 30_000);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // At most 5 in flight keeps the idempotent producer's ordering guarantee.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_BYTES);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Kafka away: metadata waits, sends and acknowledgements all give up within the timeout.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, request);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(ms, request + LINGER_MS));
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return p;
    }

    @Override
    public CompletableFuture<Position> send(byte[] value, byte[] signature, int messages, long firstLine) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, null, value);
        record.headers().add(Topics.SIGNATURE_HEADER, Objects.requireNonNull(signature, "signature"));
        CompletableFuture<Position> done = new CompletableFuture<>();
        deliveries.sent(messages);
        try {
            producer.send(record, (meta, error) -> {
                if (error == null) {
                    deliveries.acked(messages);
                    done.complete(new Position(meta.topic(), meta.partition(), meta.offset()));
                } else {
                    deliveries.failed(messages, firstLine, describe(error));
                    done.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            // Not an ApiException (those reach the callback): the producer is closed or fenced.
            deliveries.failed(messages, firstLine, describe(e));
            done.completeExceptionally(e);
        }
        return done;
    }

    private String describe(Throwable e) {
        return "topic " + topic + ": " + e.getClass().getSimpleName()
                + (e instanceof RetriableException ? " (retriable, retries exhausted)" : " (not retriable)")
                + ": " + e.getMessage();
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public Deliveries deliveries() {
        return deliveries;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
