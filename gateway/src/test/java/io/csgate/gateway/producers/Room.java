package io.csgate.gateway.producers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.TestGateway;
import io.csgate.gateway.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A channel with one connected user listening on a websocket of a running gateway: what a direct
 * producer's message must reach. Channels are never created by messages, so the room is made
 * through the REST API first, as a web app would.
 */
final class Room implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

    final String channel;
    final String user;
    final WsClient ws;

    private Room(String channel, String user, WsClient ws) {
        this.channel = channel;
        this.user = user;
        this.ws = ws;
    }

    static Room open(TestGateway gateway) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String channel = "room-" + suffix;
        String user = "alice-" + suffix;
        ApiClient api = gateway.client();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", user);
        body.put("channels", List.of(channel));
        body.put("channel_configs", Map.of(channel, Map.of("notify_state", true, "store_history", true)));
        ApiClient.Answer a = api.post("/connect", body);
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        WsClient ws = api.websocket(gateway.wsUrl(), a.json().get("conn_id").asText());
        return new Room(channel, user, ws);
    }

    /** The next event (heartbeats skipped). */
    JsonNode next() {
        return ws.nextEvent(WAIT);
    }

    /** The next {@code n} events, however the gateway groups them into frames. */
    List<JsonNode> next(int n) {
        List<JsonNode> events = new ArrayList<>();
        while (events.size() < n) {
            ws.nextMatching(f -> f.isArray() && f.size() > 0, WAIT).forEach(events::add);
        }
        return events;
    }

    @Override
    public void close() {
        ws.close();
    }
}
