package io.csgate.gateway.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.sign.RecordSigner;
import io.csgate.gateway.log.TopicSetup;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A signed record copied off the topic and produced again later has no effect: its signed envelope
 * time is held to the broker's log-append time ({@code record_time_window}). A gateway replaying
 * the log still applies every genuine record, however old, and records appended before the topic
 * was switched to LogAppendTime are applied as they always were.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ReplayProtectionTest {

    static final RecordSigner SIGNER = new RecordSigner(TestGateway.SECRET);
    /**
     * Small, so that the test waits little for a copy to fall out of it; not so small that the
     * gateways' own events miss it on a loaded machine.
     */
    static final Map<String, String> SMALL_WINDOW = Map.of("record_time_window", "3");

    @Test
    void aCopyProducedAgainAfterTheWindowHasNoEffectAndAReplayAppliesEveryGenuineRecord() throws Exception {
        String topic = "producers-replay-" + UUID.randomUUID();
        try (TestGateway gateway = TestGateway.start(topic, SMALL_WINDOW);
             RawRecords raw = new RawRecords(topic);
             Room room = Room.open(gateway)) {
            assertThat(TopicSetup.checkAppendTime(gateway.gateway().bootstrapServers(), topic, Duration.ofSeconds(10)))
                    .as("the gateway created its topic with LogAppendTime").isEqualTo("LogAppendTime");
            Instant made = Instant.now();
            String genuine = RawRecords.message(UUID.randomUUID().toString(), made, room.channel, "genuine");
            assertThat(raw.send(genuine, SIGNER).timestamp()).isGreaterThanOrEqualTo(made.toEpochMilli());
            assertThat(room.next().get("message").get("text").asText()).isEqualTo("genuine");

            // an attacker with write access but no secret copies the record and produces it again
            await().atMost(Duration.ofSeconds(20)).until(() -> Instant.now().isAfter(made.plusMillis(4000)));
            double outOfWindow = Metrics.rejected(gateway, "out_of_window");
            double untimed = Metrics.rejected(gateway, "untimed");
            raw.send(genuine, SIGNER);
            // and a producer that does not send the envelope time
            raw.send(RawRecords.message(UUID.randomUUID().toString(), null, room.channel, "untimed"), SIGNER);
            raw.send(RawRecords.message(room.channel, "next"), SIGNER);

            assertThat(room.next().get("message").get("text").asText()).isEqualTo("next");
            assertThat(room.ws.drain()).allSatisfy(f -> assertThat(f).isEqualTo("[]"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                // at least: on a loaded machine a gateway's own event can miss a 3 s window too
                assertThat(Metrics.rejected(gateway, "out_of_window")).isGreaterThanOrEqualTo(outOfWindow + 1);
                assertThat(Metrics.rejected(gateway, "untimed")).isEqualTo(untimed + 1);
            });

            // seconds later, a new gateway replays the whole log: every genuine record, once, and
            // it skips exactly what the live gateway skipped
            try (TestGateway replica = TestGateway.start(topic, SMALL_WINDOW)) {
                assertThat(RawRecords.history(replica, room.channel)).containsExactly("genuine", "next");
                for (String reason : List.of("out_of_window", "untimed", "duplicate")) {
                    assertThat(Metrics.rejected(replica, reason)).as(reason).isEqualTo(Metrics.rejected(gateway, reason));
                }
            }
        }
    }

    @Test
    void recordsFromBeforeTheSwitchToLogAppendTimeAreAppliedAsBefore() throws Exception {
        String topic = "producers-cutover-" + UUID.randomUUID();
        String channel = "room-" + UUID.randomUUID().toString().substring(0, 8);
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaExtension.bootstrapServers());
        try (Admin admin = Admin.create(p); RawRecords raw = new RawRecords(topic)) {
            // an operator's topic, made before gateways held records to their append time
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of("message.timestamp.type", "CreateTime")))).all().get(30, TimeUnit.SECONDS);
            assertThat(TopicSetup.checkAppendTime(EmbeddedKafkaExtension.bootstrapServers(), topic,
                    Duration.ofSeconds(10))).isEqualTo("CreateTime");
            String config = "{\"v\":1,\"id\":\"" + UUID.randomUUID() + "\",\"op\":\"channel_config\",\"body\":{\""
                    + channel + "\":{\"store_history\":true}}}";
            assertThat(raw.send(config.getBytes(StandardCharsets.UTF_8),
                    SIGNER.signBytes(config.getBytes(StandardCharsets.UTF_8))).timestamp()).isPositive();
            raw.send(RawRecords.message(UUID.randomUUID().toString(), null, channel, "old, untimed"), SIGNER);
            raw.send(RawRecords.message(UUID.randomUUID().toString(), Instant.parse("2020-01-01T00:00:00Z"), channel,
                    "old, timed long ago"), SIGNER);

            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry("message.timestamp.type", "LogAppendTime"), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> "LogAppendTime".equals(
                    TopicSetup.checkAppendTime(EmbeddedKafkaExtension.bootstrapServers(), topic, Duration.ofSeconds(10))));
            raw.send(RawRecords.message(UUID.randomUUID().toString(), null, channel, "new, untimed"), SIGNER);
            raw.send(RawRecords.message(UUID.randomUUID().toString(), Instant.parse("2020-01-01T00:00:00Z"), channel,
                    "new, copied from long ago"), SIGNER);
            raw.send(RawRecords.message(channel, "new, timed"), SIGNER);

            try (TestGateway gateway = TestGateway.start(topic, Map.of())) {
                assertThat(RawRecords.history(gateway, channel))
                        .containsExactly("old, untimed", "old, timed long ago", "new, timed");
                assertThat(Metrics.rejected(gateway, "untimed")).isEqualTo(1);
                assertThat(Metrics.rejected(gateway, "out_of_window")).isEqualTo(1);
            }
        }
    }

    @Test
    void aRestCallWhoseOwnRecordMissesTheWindowIsAnswered503SayingWhy() {
        // a window no record can meet: as if this gateway's clock were far off from the broker's
        try (TestGateway gateway = TestGateway.start("producers-skew-" + UUID.randomUUID(),
                Map.of("record_time_window", "0.000001"))) {
            ApiClient.Answer a = gateway.client().post("/connect", Map.of("username", "skewed", "channels", List.of("c")));
            assertThat(a.status()).as(a.text()).isEqualTo(503);
            assertThat(a.json().get("reason").asText()).contains("out_of_window").contains("record_time_window");
        }
    }

    @Test
    void withTheWindowOffRecordsAreCheckedAsBefore() throws Exception {
        String topic = "producers-nowindow-" + UUID.randomUUID();
        try (TestGateway gateway = TestGateway.start(topic, Map.of("record_time_window", "0"));
             RawRecords raw = new RawRecords(topic);
             Room room = Room.open(gateway)) {
            raw.send(RawRecords.message(UUID.randomUUID().toString(), null, room.channel, "untimed"), SIGNER);
            JsonNode got = room.next();
            assertThat(got.get("message").get("text").asText()).isEqualTo("untimed");
        }
    }
}
