package io.csgate.gateway.log;

import io.csgate.common.event.Envelope;
import io.csgate.common.event.EventCodec;
import io.csgate.common.event.Topics;
import io.csgate.common.sign.RecordSigner;
import io.csgate.gateway.metrics.Meters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Signs and produces events to the events topic with {@code acks=all} and the idempotent producer,
 * so a record acknowledged here is on every in-sync replica and never duplicated by retries.
 *
 * <p>Thread-safe. {@link #publish} may block up to the publish timeout while the producer has no
 * metadata (broker unreachable), so never call it on an Undertow IO thread.
 */
public final class EventPublisher implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaClientMetrics clientMetrics;
    private final String topic;
    private final RecordSigner signer;
    private final MeterRegistry registry;

    public EventPublisher(String bootstrap, String topic, RecordSigner signer, Duration timeout,
                          MeterRegistry registry, String clientId) {
        this.topic = topic;
        this.signer = signer;
        this.registry = registry;
        this.producer = new KafkaProducer<>(producerProperties(bootstrap, timeout, clientId),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.clientMetrics = new KafkaClientMetrics(producer);
        clientMetrics.bindTo(registry);
    }

    static Properties producerProperties(String bootstrap, Duration timeout, String clientId) {
        long ms = Math.max(1000, timeout.toMillis());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Bounded: a REST caller gets its 503 instead of a hang when Kafka is away.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(500, ms - 10));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ms + 10);
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return p;
    }

    /**
     * Produces one event. The future completes when Kafka acknowledged the record (all in-sync
     * replicas), or exceptionally with the producer's error.
     *
     * @param key the record key (may be null); not interpreted by the gateways
     */
    public CompletableFuture<RecordMetadata> publish(Envelope event, String key) {
        byte[] value = EventCodec.encode(event);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
        record.headers().add(Topics.SIGNATURE_HEADER, signer.signBytes(value));
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        String op = event.op().wireName();
        try {
            producer.send(record, (meta, error) -> {
                registry.counter(Meters.EVENTS_PUBLISHED, "op", op, "outcome", error == null ? "ok" : "error")
                        .increment();
                if (error == null) {
                    done.complete(meta);
                } else {
                    done.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            registry.counter(Meters.EVENTS_PUBLISHED, "op", op, "outcome", "error").increment();
            done.completeExceptionally(e);
        }
        return done;
    }

    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        clientMetrics.close();
        producer.close(Duration.ofSeconds(5));
    }
}
