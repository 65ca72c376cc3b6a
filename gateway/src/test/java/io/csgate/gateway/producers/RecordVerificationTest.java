package io.csgate.gateway.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.event.Topics;
import io.csgate.common.sign.RecordSigner;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A producer with topic access is not trusted: records produced with a plain {@link KafkaProducer}
 * and a missing or wrong signature, an undecodable value or an invalid body are skipped by the
 * gateway, never delivered, and counted by reason in {@code csgate_records_rejected_total}; a
 * record repeating an event id has no second effect. Each test ends with a genuine message and
 * checks it is the only thing the websocket client got.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class RecordVerificationTest {

    private static final String TOPIC = "producers-verify-" + UUID.randomUUID();
    private static final RecordSigner SIGNER = new RecordSigner(TestGateway.SECRET);
    private static TestGateway gateway;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(TOPIC, Map.of());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaExtension.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        producer.close(Duration.ofSeconds(5));
        gateway.close();
    }

    private static String envelope(String id, Room room, String text) {
        return "{\"v\":1,\"id\":\"" + id + "\",\"op\":\"message\",\"time\":\"" + java.time.Instant.now()
                + "\",\"origin\":\"raw-producer\",\"body\":[{\"channel\":\""
                + room.channel + "\",\"user\":\"raw\",\"message\":{\"text\":\"" + text + "\"}}]}";
    }

    /** Produces and waits for Kafka's acknowledgement; {@code signature} null means no header. */
    private static void produce(String value, byte[] signature) throws Exception {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(TOPIC, bytes);
        if (signature != null) {
            r.headers().add(Topics.SIGNATURE_HEADER, signature);
        }
        producer.send(r).get(20, TimeUnit.SECONDS);
    }

    private static void produceSigned(String value) throws Exception {
        produce(value, SIGNER.signBytes(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** The genuine message arrives, and nothing came before it. */
    private static void onlyGenuineArrives(Room room) throws Exception {
        produceSigned(envelope(UUID.randomUUID().toString(), room, "genuine"));
        JsonNode msg = room.next();
        assertThat(msg.get("message").get("text").asText()).isEqualTo("genuine");
        assertThat(room.ws.drain()).allSatisfy(f -> assertThat(f).isEqualTo("[]"));
    }

    private static void awaitRejected(String reason, double atLeast) {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(Metrics.rejected(gateway, reason)).isGreaterThanOrEqualTo(atLeast));
    }

    @Test
    void aWrongSignatureIsNotDeliveredAndIsCounted() throws Exception {
        try (Room room = Room.open(gateway)) {
            double before = Metrics.rejected(gateway, "signature");
            String forged = envelope(UUID.randomUUID().toString(), room, "forged");
            produce(forged, new RecordSigner("guessed-secret").signBytes(forged.getBytes(StandardCharsets.UTF_8)));
            // signed for other bytes: a replayed header on a changed value
            produce(forged.replace("forged", "altered"), SIGNER.signBytes(forged.getBytes(StandardCharsets.UTF_8)));
            onlyGenuineArrives(room);
            awaitRejected("signature", before + 2);
        }
    }

    @Test
    void aMissingSignatureIsNotDeliveredAndIsCounted() throws Exception {
        try (Room room = Room.open(gateway)) {
            double before = Metrics.rejected(gateway, "unsigned");
            produce(envelope(UUID.randomUUID().toString(), room, "unsigned"), null);
            onlyGenuineArrives(room);
            awaitRejected("unsigned", before + 1);
        }
    }

    @Test
    void undecodableAndInvalidRecordsAreSkippedAndCounted() throws Exception {
        try (Room room = Room.open(gateway)) {
            double decode = Metrics.rejected(gateway, "decode");
            double invalid = Metrics.rejected(gateway, "invalid");
            produceSigned("not json at all");
            produceSigned("{\"v\":2,\"id\":\"x\",\"op\":\"message\",\"body\":[]}");
            produceSigned("{\"v\":1,\"id\":\"" + UUID.randomUUID() + "\",\"op\":\"message\",\"time\":\""
                    + java.time.Instant.now() + "\",\"body\":[{\"channel\":\""
                    + room.channel + "\",\"message\":{\"text\":\"no user\"}}]}");
            onlyGenuineArrives(room);
            awaitRejected("decode", decode + 2);
            awaitRejected("invalid", invalid + 1);
        }
    }

    @Test
    void aDuplicateEventIdHasNoSecondEffect() throws Exception {
        try (Room room = Room.open(gateway)) {
            double before = Metrics.rejected(gateway, "duplicate");
            String id = UUID.randomUUID().toString();
            produceSigned(envelope(id, room, "once"));
            assertThat(room.next().get("message").get("text").asText()).isEqualTo("once");
            // the same event again, even with a different (validly signed) value: ignored
            produceSigned(envelope(id, room, "once"));
            produceSigned(envelope(id, room, "twice?"));
            onlyGenuineArrives(room);
            awaitRejected("duplicate", before + 2);
        }
    }
}
