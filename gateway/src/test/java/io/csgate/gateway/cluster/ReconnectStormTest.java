package io.csgate.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import io.csgate.gateway.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A small reconnect storm (bench storm is the large one): a gateway holding 200 sockets halts, as a
 * killed process would; its clients call /connect again on the two others at once and open sockets
 * there. All of them receive again, the survivors' own sockets are never closed and keep receiving,
 * and once the dead gateway is declared down every replica holds exactly the live connections.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ReconnectStormTest {

    private static final Map<String, String> FAST_LIVENESS = Map.of(
            "gateway_heartbeat_interval", "0.5", "gateway_down_after", "3", "heartbeat_interval", "1");
    private static final int VICTIMS = 200;
    private static final int OWN = 20;
    private static final int ROOMS = 4;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private record Client(String user, String room, WsClient ws) {}

    private static Map<String, Object> connect(String user, String room) {
        return Map.of("username", user, "channels", List.of(room),
                "channel_configs", Map.of(room, Map.of("notify_presence", true)));
    }

    private static Client open(ApiClient api, TestGateway at, String user, String room) {
        String conn = api.post("/connect", connect(user, room)).json().get("conn_id").asText();
        WsClient ws = api.websocket(at.wsUrl(), conn);
        ws.nextMatching(n -> n.isArray() && n.isEmpty(), WAIT); // attached: a heartbeat came
        return new Client(user, room, ws);
    }

    private static String publish(ApiClient api, String room, String text) {
        return api.post("/message", List.of(Map.of("channel", room, "user", "system",
                "message", Map.of("text", text)))).json().get(0).get("uuid").asText();
    }

    private static void receives(Client c, Map<String, String> uuidByRoom) {
        String uuid = uuidByRoom.get(c.room());
        c.ws().nextMatching(n -> n.size() > 0 && uuid.equals(n.get(0).path("uuid").asText()), WAIT);
    }

    @Test
    void theHaltedGatewaysClientsComeBackOnTheOthersWhoseSocketsAreUntouched() throws Exception {
        String topic = "storm-" + UUID.randomUUID();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> rooms = new ArrayList<>();
        for (int r = 0; r < ROOMS; r++) {
            rooms.add("room-" + run + "-" + r);
        }
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Client> own = new ArrayList<>();
        List<Client> back = new ArrayList<>();
        try (TestGateway a = TestGateway.start(topic, FAST_LIVENESS);
             TestGateway b = TestGateway.start(topic, FAST_LIVENESS);
             TestGateway victim = TestGateway.start(topic, FAST_LIVENESS)) {
            List<TestGateway> survivors = List.of(a, b);
            for (int i = 0; i < OWN; i++) {
                TestGateway at = survivors.get(i % 2);
                own.add(open(at.client(), at, "own-" + i, rooms.get(i % ROOMS)));
            }
            List<Future<Client>> opening = new ArrayList<>();
            for (int i = 0; i < VICTIMS; i++) {
                String user = "back-" + i;
                String room = rooms.get(i % ROOMS);
                opening.add(pool.submit(() -> open(victim.client(), victim, user, room)));
            }
            List<Client> doomed = new ArrayList<>();
            for (Future<Client> f : opening) {
                doomed.add(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }

            victim.gateway().halt();
            for (Client c : doomed) {
                Awaitility.await().atMost(WAIT).until(() -> c.ws().isClosed());
            }
            // every client of the halted gateway comes back at once, on one of the others
            List<Future<Client>> reconnecting = new ArrayList<>();
            for (int i = 0; i < VICTIMS; i++) {
                Client gone = doomed.get(i);
                TestGateway at = survivors.get(i % 2);
                reconnecting.add(pool.submit(() -> open(at.client(), at, gone.user(), gone.room())));
            }
            for (Future<Client> f : reconnecting) {
                back.add(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
            Map<String, String> first = new java.util.HashMap<>();
            for (String room : rooms) {
                first.put(room, publish(b.client(), room, "after the storm"));
            }
            back.forEach(c -> receives(c, first));
            own.forEach(c -> receives(c, first));

            // the halted gateway is declared down: its dead connections go, the live ones stay
            Map<String, Object> query = Map.of("info", Map.of("channels", rooms));
            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                JsonNode info = a.client().post("/info", query).json();
                int connections = 0;
                for (String room : rooms) {
                    connections += info.path("channels").path(room).path("total_connections").asInt();
                }
                assertThat(connections).isEqualTo(VICTIMS + OWN);
                assertThat(b.client().post("/info", query).json()).isEqualTo(info);
            });
            Map<String, String> second = new java.util.HashMap<>();
            for (String room : rooms) {
                second.put(room, publish(a.client(), room, "after gateway_down"));
            }
            back.forEach(c -> receives(c, second));
            own.forEach(c -> receives(c, second));
            assertThat(own).noneMatch(c -> c.ws().isClosed());
            assertThat(back).noneMatch(c -> c.ws().isClosed());
        } finally {
            pool.shutdownNow();
            own.forEach(c -> c.ws().close());
            back.forEach(c -> c.ws().close());
        }
    }
}
