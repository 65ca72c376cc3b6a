package io.csgate.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import io.csgate.gateway.testing.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Three gateways in one JVM on one topic of the embedded broker. */
@ExtendWith(EmbeddedKafkaExtension.class)
class ClusterTest {

    private static final Map<String, String> FAST_LIVENESS = Map.of(
            "gateway_heartbeat_interval", "0.5", "gateway_down_after", "3", "heartbeat_interval", "1");

    static Map<String, Object> connectBody(String user, String room) {
        return Map.of("username", user, "channels", List.of(room),
                "channel_configs", Map.of(room, Map.of("notify_presence", true, "store_history", true)));
    }

    @Test
    void anyGatewayServesAnyCallAndAllReportTheSameState() {
        String topic = "cluster-" + UUID.randomUUID();
        try (TestGateway a = TestGateway.start(topic, FAST_LIVENESS);
             TestGateway b = TestGateway.start(topic, FAST_LIVENESS);
             TestGateway c = TestGateway.start(topic, FAST_LIVENESS)) {
            String room = "room-" + UUID.randomUUID();
            String conn = a.client().post("/connect", connectBody("alice", room)).json().get("conn_id").asText();
            try (WsClient ws = b.client().websocket(b.wsUrl(), conn)) {
                ws.nextMatching(n -> n.isArray() && n.isEmpty(), Duration.ofSeconds(10)); // attached
                String uuid = c.client().post("/message", List.of(Map.of("channel", room, "user", "bob",
                        "message", Map.of("text", "via C")))).json().get(0).get("uuid").asText();
                JsonNode got = ws.nextMatching(n -> n.size() > 0 && uuid.equals(n.get(0).path("uuid").asText()),
                        Duration.ofSeconds(10)).get(0);
                assertThat(got.get("message").get("text").asText()).isEqualTo("via C");
            }
            Map<String, Object> query = Map.of("info", Map.of("channels", List.of(room)));
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode ia = a.client().post("/info", query).json();
                assertThat(b.client().post("/info", query).json()).isEqualTo(ia);
                assertThat(c.client().post("/info", query).json()).isEqualTo(ia);
            });
        }
    }

    @Test
    void aKilledGatewaysUsersPartEverywhereWithinTheBound() {
        String topic = "cluster-kill-" + UUID.randomUUID();
        try (TestGateway a = TestGateway.start(topic, FAST_LIVENESS);
             TestGateway b = TestGateway.start(topic, FAST_LIVENESS);
             TestGateway c = TestGateway.start(topic, FAST_LIVENESS)) {
            String room = "room-" + UUID.randomUUID();
            ApiClient api = a.client();
            String watcher = api.post("/connect", connectBody("watcher", room)).json().get("conn_id").asText();
            String victim = api.post("/connect", connectBody("victim", room)).json().get("conn_id").asText();
            try (WsClient watching = api.websocket(c.wsUrl(), watcher);
                 WsClient doomed = api.websocket(b.wsUrl(), victim)) {
                doomed.nextMatching(n -> n.isArray() && n.isEmpty(), Duration.ofSeconds(10));
                // B now owns the victim's connection (socket_attached); wait until that is applied on A
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                        a.gateway().connectionOwner(UUID.fromString(victim)).equals(b.config().gatewayId()));
                watching.drain();
                long killed = System.nanoTime();
                b.gateway().halt();
                JsonNode parted = watching.nextMatching(n -> n.size() > 0
                        && "presence".equals(n.get(0).path("type").asText())
                        && "victim".equals(n.get(0).path("user").asText()), Duration.ofSeconds(20)).get(0);
                double seconds = (System.nanoTime() - killed) / 1e9;
                assertThat(parted.get("message").get("action").asText()).isEqualTo("parted");
                // bound: gateway_down_after (3 s) plus a heartbeat interval and a check period
                assertThat(seconds).isLessThan(10.0);
                assertThat(WsUsers.of(c.client(), room)).containsExactly("watcher");
            }
        }
    }
}
