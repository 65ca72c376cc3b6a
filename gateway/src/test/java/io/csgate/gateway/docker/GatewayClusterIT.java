package io.csgate.gateway.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.json.Json;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.WsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;

/**
 * Three gateway containers from the project's image (deploy/Dockerfile, built for this run) on a
 * Kafka container: one gateway is killed (SIGKILL, no clean shutdown) while messages are being
 * published round robin to all three. The user whose socket it held is {@code parted} on the
 * others, and every message that was answered 200 reaches the sockets on both survivors.
 *
 * <p>The gateways are ready when the image's own HEALTHCHECK ({@code /readyz}) says healthy.
 * Ports are published on 127.0.0.1 only; the test talks to each gateway directly.
 */
class GatewayClusterIT {

    private static final String SECRET = "it-cluster-secret";
    private static final int MESSAGES = 60;
    private static final int KILL_AFTER = 20;

    private static Network network;
    private static KafkaContainer kafka;
    private static final List<GenericContainer<?>> GATEWAYS = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        DockerSupport.assumeDocker();
        String image = DockerSupport.gatewayImage();
        network = Network.newNetwork();
        kafka = DockerSupport.loopbackOnly(new KafkaContainer(DockerSupport.kafkaImage())
                .withNetwork(network)
                .withListener("kafka:19092")
                .withEnv("KAFKA_HEAP_OPTS", "-Xmx512m -Xms128m")
                .withStartupTimeout(Duration.ofMinutes(3)));
        kafka.start();
        for (int i = 1; i <= 3; i++) {
            String name = "gw" + i;
            GenericContainer<?> gw = new GenericContainer<>(image)
                    .withNetwork(network)
                    .withNetworkAliases(name)
                    .withCreateContainerCmdModifier(cmd -> {
                        cmd.withHostName(name);
                        // The image sizes its heap from this limit (MaxRAMPercentage).
                        cmd.getHostConfig().withMemory(768L << 20);
                    })
                    .withEnv("CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS", "kafka:19092")
                    .withEnv("CHANNELSTREAM_SECRET", SECRET)
                    .withEnv("CHANNELSTREAM_COOKIE_SECRET", "it-cluster-cookie-secret")
                    // Requests come from the Docker host's bridge address, not from 127.0.0.1.
                    .withEnv("CHANNELSTREAM_ALLOW_POSTING_FROM", "0.0.0.0")
                    .withEnv("CHANNELSTREAM_GATEWAY_HEARTBEAT_INTERVAL", "1")
                    .withEnv("CHANNELSTREAM_GATEWAY_DOWN_AFTER", "5")
                    .withExposedPorts(8000)
                    .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(4)))
                    .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("container." + name)));
            GATEWAYS.add(DockerSupport.loopbackOnly(gw));
        }
        Startables.deepStart(GATEWAYS.stream()).join();
    }

    @AfterAll
    static void stopCluster() {
        GATEWAYS.forEach(GenericContainer::stop);
        if (kafka != null) {
            kafka.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    private static String url(int i) {
        GenericContainer<?> gw = GATEWAYS.get(i);
        return "http://" + gw.getHost() + ":" + gw.getMappedPort(8000);
    }

    private static ApiClient api(int i) {
        return new ApiClient(url(i), SECRET);
    }

    private static WsClient connect(int restGateway, int socketGateway, String user) {
        Map<String, Object> room = Map.of("notify_presence", true, "store_history", true);
        ApiClient.Answer a = api(restGateway).post("/connect",
                Map.of("username", user, "channels", List.of("room"), "channel_configs", Map.of("room", room)));
        assertThat(a.status()).as("/connect of %s", user).isEqualTo(200);
        return api(socketGateway).websocket(url(socketGateway).replace("http", "ws"), a.json().get("conn_id").asText());
    }

    @Test
    void aKilledGatewaysUserIsPartedAndNoAcknowledgedMessageIsLost() {
        assertThat(GATEWAYS).allSatisfy(gw -> assertThat(gw.getHost()).isIn("localhost", "127.0.0.1"));
        // bob's socket on gw1, carol's on gw2; alice's on gw3, the one that is killed. Each
        // /connect is answered by another gateway than the one holding the socket.
        try (WsClient bob = connect(1, 0, "bob"); WsClient carol = connect(2, 1, "carol");
             WsClient alice = connect(0, 2, "alice")) {
            Watcher bobSees = new Watcher(bob);
            Watcher carolSees = new Watcher(carol);
            await().atMost(Duration.ofSeconds(30)).until(() -> bobSees.poll().joined.contains("alice")
                    && carolSees.poll().joined.contains("alice"));

            Set<Integer> acknowledged = new TreeSet<>();
            List<String> refused = new ArrayList<>();
            for (int n = 0; n < MESSAGES; n++) {
                if (n == KILL_AFTER) {
                    DockerClientFactory.instance().client().killContainerCmd(GATEWAYS.get(2).getContainerId()).exec();
                }
                int target = n % 3;
                try {
                    ApiClient.Answer a = api(target).post("/message", List.of(Map.of("channel", "room",
                            "user", "publisher", "message", Map.of("n", n))));
                    if (a.status() == 200) {
                        acknowledged.add(n);
                    } else {
                        refused.add(n + "@gw" + (target + 1) + ": " + a.status());
                    }
                } catch (UncheckedIOException e) {
                    refused.add(n + "@gw" + (target + 1) + ": " + e.getCause().getClass().getSimpleName());
                }
            }

            assertThat(acknowledged).as("the live gateways answered (refused: %s)", refused)
                    .containsAll(Stream.iterate(KILL_AFTER, n -> n < MESSAGES, n -> n + 1)
                            .filter(n -> n % 3 != 2).toList());
            assertThat(refused).as("only the killed gateway refused").allSatisfy(r -> assertThat(r).contains("@gw3"));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                for (Watcher w : List.of(bobSees.poll(), carolSees.poll())) {
                    assertThat(w.parted).as("alice parted").contains("alice");
                    assertThat(w.messages).as("every acknowledged message delivered").containsAll(acknowledged);
                }
            });

            JsonNode info = api(0).post("/info", Map.of("info", Map.of("channels", List.of("room"),
                    "include_users", true))).json();
            assertThat(info.get("channels").get("room").get("users")).extracting(JsonNode::asText)
                    .containsExactly("bob", "carol");
        }
    }

    /** What one websocket has received so far: message numbers and presence changes. */
    private static final class Watcher {
        private final WsClient ws;
        final Set<Integer> messages = new TreeSet<>();
        final Set<String> joined = new TreeSet<>();
        final Set<String> parted = new TreeSet<>();

        Watcher(WsClient ws) {
            this.ws = ws;
        }

        Watcher poll() {
            for (String frame : ws.drain()) {
                JsonNode items;
                try {
                    items = Json.parse(frame);
                } catch (IOException e) {
                    throw new AssertionError("frame is not JSON: " + frame, e);
                }
                for (JsonNode item : items) {
                    String type = item.path("type").asText();
                    if ("message".equals(type) && item.path("message").has("n")) {
                        messages.add(item.get("message").get("n").asInt());
                    } else if ("presence".equals(type)) {
                        String action = item.path("message").path("action").asText();
                        ("joined".equals(action) ? joined : parted).add(item.path("user").asText());
                    }
                }
            }
            return this;
        }
    }
}
