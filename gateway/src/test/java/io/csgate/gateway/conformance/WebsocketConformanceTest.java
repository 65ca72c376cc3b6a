package io.csgate.gateway.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.json.Json;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import io.csgate.gateway.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Websocket frames against running gateways on the real embedded broker: the event shapes of
 * docs/protocol.md §8 and of the frames in observed1.txt, catch-up, heartbeats, close codes, and a
 * socket on another gateway than the one that answered {@code /connect}.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class WebsocketConformanceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TOPIC = "ws-conformance-" + UUID.randomUUID();
    private static TestGateway a;
    private static TestGateway b;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        a = TestGateway.start(TOPIC, Map.of("heartbeat_interval", "1"));
        b = TestGateway.start(TOPIC, Map.of("heartbeat_interval", "1"));
        api = a.client();
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static List<String> usersOf(ApiClient client, String room) {
        List<String> out = new ArrayList<>();
        client.post("/info", Map.of("info", Map.of("channels", List.of(room)))).json()
                .path("channels").path(room).path("users").forEach(u -> out.add(u.asText()));
        return out;
    }

    static String uniq(String p) {
        return p + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String connect(String user, String room, Map<String, Object> state) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", user);
        body.put("channels", List.of(room));
        body.put("fresh_user_state", state);
        body.put("state_public_keys", List.of("status"));
        body.put("channel_configs", Map.of(room, Map.of("notify_presence", true, "notify_state", true,
                "store_history", true, "history_size", 5, "broadcast_presence_with_user_lists", true)));
        ApiClient.Answer ans = api.post("/connect", body);
        assertThat(ans.status()).as(ans.text()).isEqualTo(200);
        return ans.json().get("conn_id").asText();
    }

    @Test
    void theReferenceSessionOfAppendixA4() {
        String room = uniq("room");
        String alice = uniq("alice");
        String bob = uniq("bob");
        String aliceConn = connect(alice, room, Map.of("status", "online"));
        api.post("/message", List.of(Map.of("channel", room, "user", "system", "message", Map.of("text", "before-ws"))));

        // the socket opens on gateway B although A answered /connect; the gap is caught up
        try (WsClient aliceWs = api.websocket(b.wsUrl(), aliceConn)) {
            JsonNode catchup = aliceWs.nextEvent(WAIT);
            assertThat(catchup.get("message").get("text").asText()).isEqualTo("before-ws");
            assertThat(catchup.get("catchup").asBoolean()).isTrue();
            assertThat(catchup.get("type").asText()).isEqualTo("message");

            String bobConn = connect(bob, room, Map.of("status", "away"));
            JsonNode joined = aliceWs.nextEvent(WAIT);
            assertThat(keys(joined)).containsExactly("uuid", "type", "user", "users", "timestamp", "channel", "message",
                    "state", "catchup");
            assertThat(joined.get("type").asText()).isEqualTo("presence");
            assertThat(joined.get("user").asText()).isEqualTo(bob);
            assertThat(joined.get("message")).isEqualTo(Json.tree(Map.of("action", "joined")));
            assertThat(joined.get("state")).isEqualTo(Json.tree(Map.of("status", "away")));
            assertThat(joined.get("users")).hasSize(2);
            assertThat(joined.get("catchup").asBoolean()).isFalse();

            try (WsClient bobWs = api.websocket(a.wsUrl(), bobConn)) {
                Map<String, Object> hello = new LinkedHashMap<>();
                hello.put("channel", room);
                hello.put("user", bob);
                hello.put("message", Map.of("text", "hello"));
                hello.put("extra_key", 1);
                String helloUuid = api.post("/message", List.of(hello)).json().get(0).get("uuid").asText();
                JsonNode msg = aliceWs.nextEvent(WAIT);
                // ours (the protocol docs' difference 29): the event's place in the log, last
                assertThat(keys(msg)).containsExactly("channel", "uuid", "timestamp", "user", "message", "extra_key",
                        "edited", "catchup", "type", "position");
                assertThat(msg.get("position").asText()).matches(TranscriptDeviation.POSITION);
                assertThat(msg.get("uuid").asText()).isEqualTo(helloUuid);
                assertThat(bobWs.nextMatching(n -> n.size() > 0 && n.get(0).has("uuid")
                        && n.get(0).get("uuid").asText().equals(helloUuid), WAIT)).isNotNull();

                // a PM inside the channel reaches alice only
                api.post("/message", List.of(Map.of("channel", room, "user", "system", "pm_users", List.of(alice),
                        "message", Map.of("text", "pm in channel"))));
                assertThat(aliceWs.nextEvent(WAIT).get("message").get("text").asText()).isEqualTo("pm in channel");

                // a global PM reaches bob with channel null
                api.post("/message", List.of(Map.of("user", "system", "pm_users", List.of(bob),
                        "message", Map.of("text", "global"))));
                JsonNode global = bobWs.nextMatching(n -> n.size() > 0 && n.get(0).has("message")
                        && n.get(0).get("message").path("text").asText().equals("global"), WAIT).get(0);
                assertThat(global.get("channel").isNull()).isTrue();
                assertThat(global.has("pm_users")).isFalse();

                api.call("PATCH", "/message", List.of(Map.of("uuid", helloUuid, "channel", room,
                        "message", Map.of("text", "hello (edited)"))), true);
                JsonNode edit = aliceWs.nextEvent(WAIT);
                assertThat(edit.get("type").asText()).isEqualTo("message:edit");
                assertThat(keys(edit)).contains("channel", "uuid", "edited", "message", "type");
                assertThat(edit.get("message").get("text").asText()).isEqualTo("hello (edited)");

                api.post("/user_state", Map.of("user", bob, "user_state", Map.of("status", "busy")));
                JsonNode change = aliceWs.nextEvent(WAIT);
                assertThat(keys(change)).containsExactly("uuid", "type", "user", "timestamp", "catchup", "channel",
                        "message");
                assertThat(change.get("message")).isEqualTo(Json.tree(Map.of("state", Map.of("status", "busy"),
                        "changed", List.of(Map.of("key", "status", "value", "busy")))));

                api.call("DELETE", "/message", List.of(Map.of("uuid", helloUuid, "channel", room)), true);
                JsonNode deleted = aliceWs.nextEvent(WAIT);
                assertThat(deleted.get("position").asText()).matches(TranscriptDeviation.POSITION);
                JsonNode withoutPosition = ((com.fasterxml.jackson.databind.node.ObjectNode) deleted.deepCopy())
                        .without("position");
                assertThat(withoutPosition)
                        .isEqualTo(Json.tree(new LinkedHashMap<>(Map.of("channel", room, "uuid", helloUuid,
                                "type", "message:delete"))));

                assertThat(api.call("GET", "/disconnect?conn_id=" + bobConn, null, false).json().asBoolean()).isTrue();
                assertThat(bobWs.closeCode(WAIT)).isEqualTo(1000);
                JsonNode parted = aliceWs.nextMatching(n -> n.size() > 0
                        && "presence".equals(n.get(0).path("type").asText()), WAIT).get(0);
                assertThat(parted.get("message")).isEqualTo(Json.tree(Map.of("action", "parted")));
                assertThat(parted.get("state").isNull()).isTrue();
                assertThat(parted.get("users")).hasSize(1);
            }
        }
    }

    @Test
    void heartbeatsArriveAsEmptyArrays() {
        String conn = connect(uniq("hb"), uniq("hb"), Map.of());
        try (WsClient ws = api.websocket(a.wsUrl(), conn)) {
            JsonNode hb = ws.nextMatching(n -> n.isArray() && n.isEmpty(), Duration.ofSeconds(5));
            assertThat(hb.isArray()).isTrue();
        }
    }

    @Test
    void unknownConnIdIsClosedWith1000() {
        WsClient ws = api.websocket(a.wsUrl(), UUID.randomUUID().toString());
        assertThat(ws.closeCode(WAIT)).isEqualTo(1000);
    }

    @Test
    void closingTheSocketDisconnectsTheConnectionAndEmitsParted() {
        String room = uniq("close");
        String watcherConn = connect(uniq("watcher"), room, Map.of());
        String leaver = uniq("leaver");
        String leaverConn = connect(leaver, room, Map.of());
        try (WsClient watcher = api.websocket(b.wsUrl(), watcherConn)) {
            WsClient leaving = api.websocket(a.wsUrl(), leaverConn);
            // wait until the socket is attached (its own catch-up may be empty; a heartbeat proves it)
            leaving.nextMatching(n -> n.isArray() && n.isEmpty(), WAIT);
            leaving.close();
            JsonNode parted = watcher.nextMatching(n -> n.size() > 0 && "presence".equals(n.get(0).path("type").asText())
                    && leaver.equals(n.get(0).path("user").asText())
                    && "parted".equals(n.get(0).path("message").path("action").asText()), WAIT).get(0);
            assertThat(parted.get("state").isNull()).isTrue();
        }
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !usersOf(api, room).contains(leaver));
    }

    @Test
    void clientFramesAreAcceptedAndIgnored() {
        String conn = connect(uniq("talker"), uniq("t"), Map.of());
        try (WsClient ws = api.websocket(a.wsUrl(), conn)) {
            ws.send("{\"type\":\"heartbeat\"}");
            ws.send("not even json");
            assertThat(ws.nextMatching(n -> n.isArray() && n.isEmpty(), WAIT)).isNotNull();
            assertThat(ws.isClosed()).isFalse();
        }
    }

    @Test
    void aSlowReaderIsClosedWithTheSlowConsumerCodeAndOthersKeepReceiving() throws Exception {
        try (TestGateway small = TestGateway.start("slow-" + UUID.randomUUID(), Map.of("max_queued_bytes", "1048576"))) {
            ApiClient c = small.client();
            String room = uniq("slow");
            String slowConn = c.post("/connect", Map.of("username", "slow", "channels", List.of(room))).json()
                    .get("conn_id").asText();
            String fastConn = c.post("/connect", Map.of("username", "fast", "channels", List.of(room))).json()
                    .get("conn_id").asText();
            java.util.concurrent.CompletableFuture<Integer> slowClosed = new java.util.concurrent.CompletableFuture<>();
            WebSocket stalled = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(small.wsUrl() + "/ws?conn_id=" + slowConn), new WebSocket.Listener() {
                        @Override
                        public void onOpen(WebSocket webSocket) {
                            // never request frames: this client stops reading
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                            slowClosed.complete(statusCode);
                            return null;
                        }

                        @Override
                        public void onError(WebSocket webSocket, Throwable error) {
                            slowClosed.completeExceptionally(error);
                        }
                    }).get(10, TimeUnit.SECONDS);
            try (WsClient fast = c.websocket(small.wsUrl(), fastConn)) {
                String big = "x".repeat(256 * 1024);
                for (int i = 0; i < 200 && !slowClosed.isDone(); i++) {
                    c.post("/message", List.of(Map.of("channel", room, "user", "u", "message", Map.of("text", big))));
                }
                c.post("/message", List.of(Map.of("channel", room, "user", "u", "message", Map.of("text", "last"))));
                assertThat(fast.nextMatching(n -> n.size() > 0 && "last".equals(n.get(0).path("message")
                        .path("text").asText()), Duration.ofSeconds(30))).isNotNull();
                // the server closed the stalled socket; its close frame may be unreadable, so check the state
                org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !usersOf(c, room).contains("slow"));
                assertThat(usersOf(c, room)).contains("fast");
            } finally {
                stalled.abort();
            }
        }
    }
}
