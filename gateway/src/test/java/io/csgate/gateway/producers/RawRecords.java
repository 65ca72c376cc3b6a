package io.csgate.gateway.producers;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.event.Topics;
import io.csgate.common.sign.RecordSigner;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A third-party producer with topic access, writing records by hand: any value, any header, so
 * that tests can send what a hostile or careless producer would. Waits for each acknowledgement.
 */
final class RawRecords implements AutoCloseable {

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;

    RawRecords(String topic) {
        this.topic = topic;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaExtension.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A message envelope, as docs/producers.md describes it; {@code id} and {@code text} go in verbatim. */
    static String message(String id, Instant time, String channel, String text) {
        return "{\"v\":1,\"id\":\"" + id + "\",\"op\":\"message\"" + (time == null ? "" : ",\"time\":\"" + time + "\"")
                + ",\"origin\":\"raw-producer\",\"body\":[{\"channel\":\"" + channel + "\",\"user\":\"raw\","
                + "\"message\":{\"text\":\"" + text + "\"}}]}";
    }

    static String message(String channel, String text) {
        return message(UUID.randomUUID().toString(), Instant.now(), channel, text);
    }

    /** Produces {@code value} with {@code signature} (null: no header); returns where it went. */
    RecordMetadata send(byte[] value, byte[] signature) throws Exception {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, value);
        if (signature != null) {
            r.headers().add(Topics.SIGNATURE_HEADER, signature);
        }
        return producer.send(r).get(30, TimeUnit.SECONDS);
    }

    /** Signs {@code value} with {@code signer} and produces it. */
    RecordMetadata send(String value, RecordSigner signer) throws Exception {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return send(bytes, signer.signBytes(bytes));
    }

    /** The texts of the messages in a channel's history on {@code gateway}, oldest first. */
    static List<String> history(TestGateway gateway, ApiClient client, String channel) {
        ApiClient.Answer a = client.post("/info", Map.of("info", Map.of("channels", List.of(channel),
                "include_history", true)));
        if (a.status() != 200) {
            throw new AssertionError("/info answered " + a.status() + ": " + a.text());
        }
        List<String> texts = new ArrayList<>();
        JsonNode c = a.json().get("channels").get(channel);
        if (c != null) {
            c.get("history").forEach(h -> texts.add(h.get("message").get("text").asText()));
        }
        return texts;
    }

    static List<String> history(TestGateway gateway, String channel) {
        return history(gateway, gateway.client(), channel);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
