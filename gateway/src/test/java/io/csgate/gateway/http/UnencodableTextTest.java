package io.csgate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import io.csgate.gateway.testing.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code "\ud800"} is valid JSON but no text: a request holding it anywhere gets a 422 naming the
 * field, at validation, before anything is produced; the channel it named keeps working.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class UnencodableTextTest {

    static final String MESSAGE = "Not valid Unicode text: it holds a lone surrogate.";
    private static TestGateway gateway;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
        api = gateway.client();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aLoneSurrogateInConnectIsA422NamingTheFieldAndTheChannelStillWorks() {
        ApiClient.Answer bad = api.post("/connect", "{\"username\": \"bad\\ud800\", \"channels\": [\"room-u\"]}");
        assertThat(bad.status()).as(bad.text()).isEqualTo(422);
        assertThat(bad.json().get("username").get(0).asText()).isEqualTo(MESSAGE);
        assertThat(bad.json().size()).isEqualTo(1);

        ApiClient.Answer ok = api.post("/connect", Map.of("username", "good", "channels", List.of("room-u")));
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        try (WsClient ws = api.websocket(gateway.wsUrl(), ok.json().get("conn_id").asText())) {
            ApiClient.Answer msg = api.post("/message",
                    "[{\"channel\": \"room-u\", \"user\": \"u\", \"message\": {\"text\": \"x\\udc00\"}}]");
            assertThat(msg.status()).as(msg.text()).isEqualTo(422);
            assertThat(msg.json().get("0").get("message").get("text").get(0).asText()).isEqualTo(MESSAGE);
            assertThat(api.post("/message", "[{\"channel\": \"room-u\", \"user\": \"u\", \"message\": {\"text\": \"fine\"}}]")
                    .status()).isEqualTo(200);
            assertThat(ws.nextEvent(Duration.ofSeconds(20)).get("message").get("text").asText()).isEqualTo("fine");
            // asked while the socket is open: closing it produces a disconnect that may be applied at once
            ApiClient.Answer info = api.post("/info", Map.of("info", Map.of("channels", List.of("room-u"))));
            assertThat(info.status()).as(info.text()).isEqualTo(200);
            assertThat(info.json().get("channels").get("room-u").get("total_users").asInt()).isEqualTo(1);
        }
    }

    @Test
    void everyStateChangingEndpointAndInfoRefuseIt() {
        Map<String, String> bodies = Map.of(
                "/user_state", "{\"user\": \"good\", \"user_state\": {\"status\": \"\\ud800\"}}",
                "/channel_config", "{\"room-u\": {\"notify_presence\": true}, \"x\": {\"history_size\": \"\\ud800\"}}",
                "/subscribe", "{\"conn_id\": \"12345678-1234-5678-1234-567812345678\", \"channels\": [\"\\ud800\"]}",
                "/info", "{\"info\": {\"channels\": [\"\\udbff\"]}}");
        bodies.forEach((path, body) -> {
            ApiClient.Answer a = api.post(path, body);
            assertThat(a.status()).as(path + ": " + a.text()).isEqualTo(422);
            assertThat(a.text()).as(path).contains(MESSAGE);
        });
        // a lone surrogate in a key is refused by the JSON parser itself
        ApiClient.Answer key = api.post("/user_state", "{\"user\": \"good\", \"user_state\": {\"k\\ud800\": 1}}");
        assertThat(key.status()).isEqualTo(422);
        assertThat(key.json().get("_schema").get(0).asText()).startsWith("Invalid JSON");
    }
}
