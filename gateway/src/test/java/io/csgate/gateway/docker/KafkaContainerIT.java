package io.csgate.gateway.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.TestGateway;
import io.csgate.gateway.testing.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Two gateways (in this JVM) against a containerized Apache Kafka broker, the image and version
 * docker-compose.yml runs, instead of the embedded one. Runs where a Docker engine exists
 * (failsafe, {@code mvn verify}); see {@link DockerSupport} for where it is skipped or required.
 */
class KafkaContainerIT {

    private static KafkaContainer kafka;

    @BeforeAll
    static void startKafka() {
        DockerSupport.assumeDocker();
        kafka = DockerSupport.loopbackOnly(new KafkaContainer(DockerSupport.kafkaImage())
                .withEnv("KAFKA_HEAP_OPTS", "-Xmx512m -Xms128m")
                .withStartupTimeout(Duration.ofMinutes(3)));
        kafka.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.stop();
        }
    }

    @Test
    void twoGatewaysShareAContainerizedBroker() {
        assertThat(kafka.getBootstrapServers()).as("published on the loopback address")
                .matches("(localhost|127\\.0\\.0\\.1):\\d+");
        Map<String, String> cfg = Map.of("kafka_bootstrap_servers", kafka.getBootstrapServers());
        try (TestGateway a = TestGateway.start("it-events", cfg);
             TestGateway b = TestGateway.start("it-events", cfg)) {
            ApiClient api = a.client();
            String conn = api.post("/connect", Map.of("username", "it", "channels", List.of("room"))).json()
                    .get("conn_id").asText();
            try (WsClient ws = api.websocket(b.wsUrl(), conn)) {
                api.post("/message", List.of(Map.of("channel", "room", "user", "it", "message", Map.of("n", 1))));
                JsonNode event = ws.nextEvent(Duration.ofSeconds(20));
                assertThat(event.get("message").get("n").asInt()).isEqualTo(1);
            }
        }
    }
}
