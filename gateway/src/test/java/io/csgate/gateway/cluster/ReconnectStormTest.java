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
 * and when the dead gateway is declared down (here by its gateway_down, produced by the test once
 * everyone is back, rather than after a liveness timeout whose timing ClusterTest covers) every
 * replica keeps exactly the live connections and nobody who came back is seen to part.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ReconnectStormTest {

    /** Nobody is declared down by liveness during the test: the test declares the victim down. */
    private static final Map<String, String> SLOW_LIVENESS = Map.of(
            "gateway_heartbeat_interval", "0.5", "gateway_down_after", "3600", "heartbeat_interval", "1");
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

    private static int connections(TestGateway at, List<String> rooms) {
        JsonNode info = at.client().post("/info", Map.of("info", Map.of("channels", rooms))).json();
        int n = 0;
        for (String room : rooms) {
            n += info.path("channels").path(room).path("total_connections").asInt();
        }
        return n;
    }

    /** Declares {@code gatewayId} down as a survivor's liveness check would: a signed gateway_down. */
    private static void declareDown(String topic, String gatewayId, String by) throws Exception {
        String value = "{\"v\":1,\"id\":\"" + UUID.randomUUID() + "\",\"op\":\"gateway_down\",\"time\":\""
                + java.time.Instant.now() + "\",\"origin\":\"" + by + "\",\"body\":{\"gateway_id\":\"" + gatewayId + "\"}}";
        byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", EmbeddedKafkaExtension.bootstrapServers());
        p.put("acks", "all");
        try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> producer =
                     new org.apache.kafka.clients.producer.KafkaProducer<>(p,
                             new org.apache.kafka.common.serialization.ByteArraySerializer(),
                             new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> r =
                    new org.apache.kafka.clients.producer.ProducerRecord<>(topic, bytes);
            r.headers().add(io.csgate.common.event.Topics.SIGNATURE_HEADER,
                    new io.csgate.common.sign.RecordSigner(TestGateway.SECRET).signBytes(bytes));
            producer.send(r).get(20, TimeUnit.SECONDS);
        }
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
        try (TestGateway a = TestGateway.start(topic, SLOW_LIVENESS);
             TestGateway b = TestGateway.start(topic, SLOW_LIVENESS);
             TestGateway victim = TestGateway.start(topic, SLOW_LIVENESS)) {
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
            // the dead gateway's connections are still there, beside the new ones
            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                assertThat(connections(a, rooms)).isEqualTo(VICTIMS + VICTIMS + OWN);
                assertThat(connections(b, rooms)).isEqualTo(VICTIMS + VICTIMS + OWN);
            });
            Map<String, String> first = new java.util.HashMap<>();
            for (String room : rooms) {
                first.put(room, publish(b.client(), room, "after the storm"));
            }
            back.forEach(c -> receives(c, first));
            own.forEach(c -> receives(c, first));

            // the halted gateway is declared down: its dead connections go, the live ones stay
            own.forEach(c -> c.ws().drain());
            declareDown(topic, victim.config().gatewayId(), a.config().gatewayId());
            Map<String, Object> query = Map.of("info", Map.of("channels", rooms));
            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                assertThat(connections(a, rooms)).isEqualTo(VICTIMS + OWN);
                assertThat(b.client().post("/info", query).json()).isEqualTo(a.client().post("/info", query).json());
            });
            Map<String, String> second = new java.util.HashMap<>();
            for (String room : rooms) {
                second.put(room, publish(a.client(), room, "after gateway_down"));
            }
            back.forEach(c -> receives(c, second));
            for (Client c : own) {
                List<String> seen = new ArrayList<>();
                c.ws().nextMatching(n -> {
                    seen.add(n.toString());
                    return n.size() > 0 && second.get(c.room()).equals(n.get(0).path("uuid").asText());
                }, WAIT);
                assertThat(seen).as("nobody who came back parted").noneMatch(f -> f.contains("\"parted\""));
            }
            assertThat(own).noneMatch(c -> c.ws().isClosed());
            assertThat(back).noneMatch(c -> c.ws().isClosed());
        } finally {
            pool.shutdownNow();
            own.forEach(c -> c.ws().close());
            back.forEach(c -> c.ws().close());
        }
    }
}
