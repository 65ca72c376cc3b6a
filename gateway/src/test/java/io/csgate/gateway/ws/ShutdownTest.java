package io.csgate.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import io.csgate.gateway.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A gateway that stops (SIGTERM runs {@code Gateway.close}) says so to every websocket it holds:
 * a 1001 close frame, whatever is being delivered at that moment, before the connections go.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ShutdownTest {

    @Test
    void everyWebsocketGets1001AtShutdownWithTrafficInFlight() throws Exception {
        TestGateway gw = TestGateway.start("shutdown-" + UUID.randomUUID(), Map.of("heartbeat_interval", "60"));
        ApiClient api = gw.client();
        List<String> rooms = List.of("busy-" + UUID.randomUUID(), "quiet-" + UUID.randomUUID());
        List<WsClient> sockets = new ArrayList<>();
        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicInteger published = new AtomicInteger();
        Thread publisher = new Thread(() -> {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                batch.add(Map.of("channel", rooms.get(0), "user", "pub", "message", Map.of("text", "x".repeat(500))));
            }
            while (publishing.get()) {
                try {
                    if (api.post("/message", batch).status() == 200) {
                        published.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    // the gateway is going away: expected once it stops
                }
            }
        }, "shutdown-publisher");
        try {
            for (int i = 0; i < 40; i++) {
                String room = rooms.get(i % 2);
                ApiClient.Answer a = api.post("/connect", Map.of("username", "u" + i, "channels", List.of(room)));
                assertThat(a.status()).as(a.text()).isEqualTo(200);
                sockets.add(api.websocket(gw.wsUrl(), a.json().get("conn_id").asText()));
            }
            publisher.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> published.get() >= 20);

            gw.close(); // as the SIGTERM hook does, while messages are still being published and delivered

            for (int i = 0; i < sockets.size(); i++) {
                assertThat(sockets.get(i).closeCode(Duration.ofSeconds(20))).as("socket %d (%s)", i, rooms.get(i % 2))
                        .isEqualTo(1001);
            }
        } finally {
            publishing.set(false);
            publisher.join(20_000);
            sockets.forEach(WsClient::close);
        }
    }
}
