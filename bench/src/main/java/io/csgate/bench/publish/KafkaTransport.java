package io.csgate.bench.publish;

import io.csgate.bench.run.BenchException;
import io.csgate.common.event.Envelope;
import io.csgate.common.event.EventCodec;
import io.csgate.common.event.Op;
import io.csgate.common.event.Topics;
import io.csgate.common.json.Json;
import io.csgate.common.kafka.ClientProperties;
import io.csgate.common.kafka.ClientProperties.Pin;
import io.csgate.common.sign.RecordSigner;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces {@code message} events straight to the events topic, as a work queue would
 * (docs/producers.md): the same envelope and record signature as the gateway's own, acks=all,
 * idempotent. Acknowledged by the broker, not by a gateway, so latency measured this way skips
 * the REST hop.
 */
public final class KafkaTransport implements Transport {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final RecordSigner signer;

    /** @param client Kafka client settings (TLS, SASL, ...) on top of the bench's own */
    public KafkaTransport(String bootstrapServers, String topic, String secret, Duration linger, ClientProperties client) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(linger.toMillis()));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "12000");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "csgate-bench");
        Properties props;
        try {
            props = client.apply(p, List.of(
                    Pin.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, "it is --bootstrap-servers"),
                    Pin.of(ProducerConfig.ACKS_CONFIG, "all", "the bench produces as the gateways do"),
                    Pin.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, "the bench produces as the gateways do")));
        } catch (IllegalArgumentException e) {
            throw new BenchException("--kafka-client-properties: " + e.getMessage(), e);
        }
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.signer = new RecordSigner(secret);
    }

    @Override
    public String send(byte[] items) throws InterruptedException {
        byte[] value;
        try {
            value = EventCodec.encode(Envelope.of(UUID.randomUUID().toString(), Op.MESSAGE, Instant.now(),
                    "csgate-bench", Json.parse(items)));
        } catch (IOException e) {
            throw new BenchException("bench built bad JSON: " + e.getMessage(), e);
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, value);
        record.headers().add(Topics.SIGNATURE_HEADER, signer.signBytes(value));
        try {
            producer.send(record).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return "produce to " + topic + " failed: " + e.getCause();
        } catch (TimeoutException e) {
            return "produce to " + topic + " not acknowledged within " + ACK_TIMEOUT.toSeconds() + " s";
        }
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
