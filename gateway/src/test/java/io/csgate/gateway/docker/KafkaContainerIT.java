package io.csgate.gateway.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.TestGateway;
import io.csgate.gateway.testing.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Two gateways against a containerized Apache Kafka broker (the official image) instead of the
 * embedded one. Runs where a Docker engine exists (failsafe, {@code mvn verify}); skipped cleanly
 * where none does, as on this project's CI machines.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Test
    void twoGatewaysShareAContainerizedBroker() {
        Map<String, String> cfg = Map.of("kafka_bootstrap_servers", KAFKA.getBootstrapServers());
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
