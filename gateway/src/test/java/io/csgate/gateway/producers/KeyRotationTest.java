package io.csgate.gateway.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.csgate.common.sign.RecordSigner;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Changing the shared secret without downtime, and revoking one producer's key alone, as
 * docs/deployment.md describes: during the overlap both secrets are accepted everywhere (REST and
 * records, each gateway verifying what the others signed); once the old secret is retired it is
 * refused, while a gateway replaying the log still applies what it signed before.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class KeyRotationTest {

    static final String OLD = TestGateway.SECRET;
    static final String NEW = "the-new-secret";

    private static void post(ApiClient client, String channel, String text) {
        ApiClient.Answer a = client.post("/message", List.of(Map.of("channel", channel, "user", "u",
                "message", Map.of("text", text))));
        assertThat(a.status()).as(text + ": " + a.text()).isEqualTo(200);
    }

    @Test
    void theSharedSecretIsChangedWithTwoGatewaysAndTheOldOneRetired() throws Exception {
        String topic = "producers-rotation-" + UUID.randomUUID();
        try (RawRecords raw = new RawRecords(topic)) {
            String channel;
            // the overlap: one gateway still signs with the old secret, one already with the new;
            // each accepts the other
            try (TestGateway notYet = TestGateway.start(topic, Map.of("accepted_secrets", NEW));
                 TestGateway switched = TestGateway.start(topic, Map.of("secret", NEW, "accepted_secrets", OLD));
                 Room room = Room.open(notYet)) {
                channel = room.channel;
                post(new ApiClient(switched.url(), OLD), channel, "old signature, switched gateway");
                post(new ApiClient(switched.url(), NEW), channel, "new signature, switched gateway");
                post(new ApiClient(notYet.url(), NEW), channel, "new signature, gateway not yet switched");
                raw.send(RawRecords.message(channel, "record signed with the old secret"), new RecordSigner(OLD));
                raw.send(RawRecords.message(channel, "record signed with the new secret"), new RecordSigner(NEW));
                assertThat(room.next(5)).extracting(m -> m.get("message").get("text").asText()).containsExactly(
                        "old signature, switched gateway", "new signature, switched gateway",
                        "new signature, gateway not yet switched", "record signed with the old secret",
                        "record signed with the new secret");
            }
            // every gateway signs with the new secret now (the one not yet switched is gone); retire the old
            Instant retired = Instant.now();
            await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(retired.plusMillis(50)));
            try (TestGateway after = TestGateway.start(topic, Map.of("secret", NEW, "accepted_secrets", OLD + "@" + retired))) {
                ApiClient newClient = new ApiClient(after.url(), NEW);
                // replaying: what the old secret signed before its retirement is all there
                assertThat(RawRecords.history(after, newClient, channel)).hasSize(5);
                assertThat(new ApiClient(after.url(), OLD).post("/message", List.of(Map.of("channel", channel,
                        "user", "u", "message", Map.of("text", "refused")))).status()).isEqualTo(401);
                raw.send(RawRecords.message(channel, "old secret after its retirement"), new RecordSigner(OLD));
                post(newClient, channel, "new secret after the retirement");
                assertThat(RawRecords.history(after, newClient, channel)).hasSize(6)
                        .endsWith("new secret after the retirement").doesNotContain("old secret after its retirement");
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(Metrics.rejected(after, "revoked_key")).isEqualTo(1));
            }
        }
    }

    @Test
    void oneProducersKeyIsRevokedAlone() throws Exception {
        String topic = "producers-keys-" + UUID.randomUUID();
        RecordSigner billing = new RecordSigner("billing", "billing-s3cret");
        RecordSigner reports = new RecordSigner("reports", "reports-s3cret");
        try (RawRecords raw = new RawRecords(topic)) {
            String channel;
            try (TestGateway gateway = TestGateway.start(topic,
                    Map.of("producer_keys", "billing:billing-s3cret, reports:reports-s3cret"));
                 Room room = Room.open(gateway)) {
                channel = room.channel;
                raw.send(RawRecords.message(channel, "billing 1"), billing);
                raw.send(RawRecords.message(channel, "reports 1"), reports);
                assertThat(room.next(2)).extracting(m -> m.get("message").get("text").asText())
                        .containsExactly("billing 1", "reports 1");
                // a producer key is for records only, never for the server API
                assertThat(new ApiClient(gateway.url(), "reports-s3cret").post("/message", List.of()).status())
                        .isEqualTo(401);
            }
            Instant revoked = Instant.now();
            await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(revoked.plusMillis(50)));
            try (TestGateway gateway = TestGateway.start(topic,
                    Map.of("producer_keys", "billing:billing-s3cret, reports:reports-s3cret@" + revoked))) {
                raw.send(RawRecords.message(channel, "billing 2"), billing);
                raw.send(RawRecords.message(channel, "reports 2"), reports);
                raw.send(RawRecords.message(channel, "payroll 1"), new RecordSigner("payroll", "payroll-s3cret"));
                raw.send(RawRecords.message(channel, "shared 1"), new RecordSigner(TestGateway.SECRET));
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(RawRecords.history(gateway, channel)).containsExactly(
                                "billing 1", "reports 1", "billing 2", "shared 1"));
                assertThat(Metrics.rejected(gateway, "revoked_key")).isEqualTo(1);
                assertThat(Metrics.rejected(gateway, "unknown_key")).isEqualTo(1);
            }
        }
    }
}
