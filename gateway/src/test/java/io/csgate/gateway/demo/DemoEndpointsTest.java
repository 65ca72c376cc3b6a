package io.csgate.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.json.Json;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.ApiClient.Answer;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import io.csgate.gateway.testing.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The open demo endpoints over HTTP, unsigned, against a running gateway with {@code demo} on:
 * each does what the matching server API call does, with the demo's state keys and channel
 * configs, and websockets see the resulting events. Without the setting, none of it exists.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class DemoEndpointsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TestGateway gateway;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("demo-" + UUID.randomUUID(), Map.of("demo", "true"));
        api = gateway.client();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static Answer open(String method, String path, Object body) {
        return api.call(method, path, body, false);
    }

    private static String uniq(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void withoutTheSettingTheDemoDoesNotExist() {
        try (TestGateway plain = TestGateway.start()) {
            assertThat(plain.config().demo()).as("off by default").isFalse();
            ApiClient client = plain.client();
            assertThat(client.call("GET", "/demo", null, false).status()).isEqualTo(404);
            for (String path : List.of("/demo/connect", "/demo/subscribe", "/demo/unsubscribe", "/demo/user_state",
                    "/demo/message")) {
                Answer a = client.call("POST", path, Map.of("username", "admin", "channels", List.of("room")), false);
                assertThat(a.status()).as("POST %s", path).isEqualTo(404);
            }
            assertThat(client.call("PATCH", "/demo/message", List.of(), false).status()).isEqualTo(404);
            assertThat(client.call("DELETE", "/demo/message", List.of(), false).status()).isEqualTo(404);
            JsonNode paths = client.call("GET", "/openapi.json", null, true).json().get("paths");
            paths.fieldNames().forEachRemaining(p -> assertThat(p).as("documented path").doesNotStartWith("/demo"));
            assertThat(client.call("POST", "/info", null, true).json().get("users").toString())
                    .as("nobody connected").isEqualTo("[]");
        }
    }

    @Test
    void thePageIsServed() {
        Answer a = open("GET", "/demo", null);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("text/html");
        assertThat(a.text()).contains("static/channelstream.js", "static/demo.js", "Open demo");
    }

    @Test
    void connectNeedsNoSignatureAndUsesTheDemoSettings() {
        String room = uniq("room");
        Answer a = open("POST", "/demo/connect", Map.of("username", "demo-al", "channels", List.of(room, "notify")));
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        JsonNode j = a.json();
        assertThat(j.get("conn_id").asText()).hasSize(36);
        assertThat(j.get("public_state")).as("no stray public state").isEqualTo(Json.mapper().createObjectNode());
        assertThat(j.get("state")).as("no state the user did not set").isEqualTo(Json.mapper().createObjectNode());
        JsonNode settings = j.get("channels_info").get("channels").get(room).get("settings");
        assertThat(settings.get("notify_presence").asBoolean()).isTrue();
        assertThat(settings.get("broadcast_presence_with_user_lists").asBoolean()).isTrue();
        assertThat(settings.get("notify_state").asBoolean()).isTrue();
        assertThat(j.get("channels_info").get("channels").get("notify").get("settings").get("history_size").asInt())
                .isGreaterThan(0);
        for (JsonNode u : j.get("channels_info").get("users")) {
            assertThat(u.get("state").has("private")).as("only public state in channels_info").isFalse();
        }
    }

    @Test
    void badInputIsAnsweredLikeTheServerApi() {
        Answer noName = open("POST", "/demo/connect", Map.of("channels", List.of("x")));
        assertThat(noName.status()).isEqualTo(422);
        assertThat(noName.json()).isEqualTo(Json.tree(Map.of("username", List.of("Missing data for required field."))));
        Answer notObject = open("POST", "/demo/connect", List.of(1));
        assertThat(notObject.status()).isEqualTo(422);
        Answer unknownUser = open("POST", "/demo/user_state", Map.of("username", uniq("nobody"), "update_state", Map.of()));
        assertThat(unknownUser.json()).isEqualTo(Json.tree(Map.of("user", List.of("Unknown user"))));
        Answer unknownConn = open("POST", "/demo/subscribe",
                Map.of("conn_id", UUID.randomUUID().toString(), "channels", List.of("x")));
        assertThat(unknownConn.json()).isEqualTo(Json.tree(Map.of("conn_id", List.of("Unknown connection"))));
    }

    @Test
    void aChatRoundTrip() {
        String room = uniq("chat");
        String al = uniq("al");
        String bo = uniq("bo");
        String alConn = open("POST", "/demo/connect", Map.of("username", al, "channels", List.of(room)))
                .json().get("conn_id").asText();
        try (WsClient alWs = api.websocket(gateway.wsUrl(), alConn)) {
            Answer boConnect = open("POST", "/demo/connect", Map.of("username", bo, "channels", List.of(room)));
            assertThat(boConnect.status()).isEqualTo(200);
            JsonNode joined = alWs.nextMatching(f -> f.size() > 0 && f.get(0).path("type").asText().equals("presence"), WAIT).get(0);
            assertThat(joined.get("user").asText()).isEqualTo(bo);
            assertThat(joined.get("users").size()).isEqualTo(2);

            Answer posted = open("POST", "/demo/message",
                    Map.of("user", bo, "channel", room, "message", Map.of("text", "hi al"), "pm_users", List.of("nobody")));
            assertThat(posted.status()).as(posted.text()).isEqualTo(200);
            assertThat(posted.json().get(0).get("pm_users").size()).as("demo cannot send PMs").isZero();
            String uuid = posted.json().get(0).get("uuid").asText();
            JsonNode message = event(alWs, "message");
            assertThat(message.get("message").get("text").asText()).isEqualTo("hi al");
            assertThat(message.get("user").asText()).isEqualTo(bo);

            Answer edited = open("PATCH", "/demo/message", Map.of("uuid", uuid, "channel", room, "message", Map.of("text", "hi!")));
            assertThat(edited.status()).as(edited.text()).isEqualTo(200);
            assertThat(event(alWs, "message:edit").get("message").get("text").asText()).isEqualTo("hi!");

            assertThat(open("DELETE", "/demo/message", Map.of("uuid", uuid, "channel", room)).status()).isEqualTo(200);
            assertThat(event(alWs, "message:delete").get("uuid").asText()).isEqualTo(uuid);

            Answer state = open("POST", "/demo/user_state", Map.of("username", bo, "conn_id",
                    boConnect.json().get("conn_id").asText(), "update_state", Map.of("status", "away", "color", "#ff0000")));
            assertThat(state.status()).as(state.text()).isEqualTo(200);
            JsonNode change = event(alWs, "user_state_change");
            assertThat(change.get("message").get("state").get("status").asText()).isEqualTo("away");
            assertThat(change.get("message").get("state").get("color").asText()).isEqualTo("#ff0000");

            String extra = uniq("extra");
            Answer sub = open("POST", "/demo/subscribe", Map.of("conn_id", alConn, "channels", List.of(extra)));
            assertThat(sub.json().get("subscribed_to")).isEqualTo(Json.tree(List.of(extra)));
            assertThat(sub.json().get("channels_info").get("channels").get(extra).get("settings")
                    .get("notify_presence").asBoolean()).isTrue();
            Answer unsub = open("POST", "/demo/unsubscribe", Map.of("conn_id", alConn, "channels", List.of(extra)));
            assertThat(unsub.json().get("unsubscribed_from")).isEqualTo(Json.tree(List.of(extra)));
        }
    }

    @Test
    void connectPassesResumeFromOnAndTheNewSocketGetsWhatWasMissed() {
        String room = uniq("resume");
        String al = uniq("al");
        String first = open("POST", "/demo/connect", Map.of("username", al, "channels", List.of(room)))
                .json().get("conn_id").asText();
        String position;
        try (WsClient ws = api.websocket(gateway.wsUrl(), first)) {
            open("POST", "/demo/message", Map.of("user", "bo", "channel", room, "message", Map.of("text", "seen")));
            position = event(ws, "message").get("position").asText();
        }
        assertThat(open("GET", "/disconnect?conn_id=" + first, null).status()).isEqualTo(200);
        open("POST", "/demo/message", Map.of("user", "bo", "channel", room, "message", Map.of("text", "missed")));

        Answer unknown = open("POST", "/demo/connect", Map.of("username", al, "channels", List.of(room),
                "resume_from", "not a position"));
        assertThat(unknown.status()).as(unknown.text()).isEqualTo(200);
        assertThat(unknown.json().get("resumed").asBoolean()).isFalse();

        Answer again = open("POST", "/demo/connect", Map.of("username", al, "channels", List.of(room),
                "resume_from", position));
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.json().get("resumed").asBoolean()).isTrue();
        try (WsClient ws = api.websocket(gateway.wsUrl(), again.json().get("conn_id").asText())) {
            JsonNode missed = event(ws, "message");
            assertThat(missed.get("message").get("text").asText()).isEqualTo("missed");
            assertThat(missed.get("catchup").asBoolean()).isTrue();
        }
    }

    private static JsonNode event(WsClient ws, String type) {
        return ws.nextMatching(f -> f.size() > 0 && f.get(0).path("type").asText().equals(type), WAIT).get(0);
    }
}
