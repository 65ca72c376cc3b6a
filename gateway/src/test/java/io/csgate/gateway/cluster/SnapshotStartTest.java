package io.csgate.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.gateway.log.KafkaClients;
import io.csgate.gateway.log.SnapshotStore;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A fresh gateway starts from the latest snapshot, replays only the events after it, and then
 * serves the same state as the gateway that has been running all along.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class SnapshotStartTest {

    @Test
    void aNewGatewayLoadsTheSnapshotReplaysTheRestAndServesTheSameState() {
        String topic = "snap-" + UUID.randomUUID();
        String snapshots = "snap-store-" + UUID.randomUUID();
        Map<String, String> cfg = Map.of("snapshot_every_events", "25", "kafka_snapshot_topic", snapshots,
                "gateway_heartbeat_interval", "0.5", "gateway_down_after", "3");
        try (TestGateway a = TestGateway.start(topic, cfg)) {
            ApiClient api = a.client();
            String room = "r";
            api.post("/channel_config", Map.of(room, Map.of("store_history", true, "history_size", 100)));
            for (int i = 0; i < 30; i++) {
                api.post("/connect", Map.of("username", "u" + i, "channels", List.of(room),
                        "fresh_user_state", Map.of("i", i)));
                api.post("/message", List.of(Map.of("channel", room, "user", "u" + i, "message", Map.of("n", i))));
            }
            try (SnapshotStore store = new SnapshotStore(KafkaClients.plain(EmbeddedKafkaExtension.bootstrapServers()), snapshots, "t")) {
                Awaitility.await().atMost(Duration.ofSeconds(20))
                        .until(() -> store.latest(topic, Duration.ofSeconds(10)).isPresent());
            }
            // events after the snapshot must be replayed from the log
            api.post("/message", List.of(Map.of("channel", room, "user", "late", "message", Map.of("n", "late"))));

            try (TestGateway b = TestGateway.start(topic, cfg)) {
                JsonNode ready = b.client().call("GET", "/readyz", null, false).json();
                assertThat(ready.get("started_from_snapshot").size()).as(ready.toString()).isEqualTo(1);
                assertThat(ready.get("started_from_snapshot").get("0").asLong()).isPositive();
                Map<String, Object> q = Map.of("info", Map.of("channels", List.of(room)));
                Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(b.client().post("/info", q).json()).isEqualTo(api.post("/info", q).json()));
                JsonNode history = b.client().post("/info", q).json().get("channels").get(room).get("history");
                assertThat(history.get(history.size() - 1).get("user").asText()).isEqualTo("late");
                assertThat(history).hasSize(31);
            }
        }
    }
}
