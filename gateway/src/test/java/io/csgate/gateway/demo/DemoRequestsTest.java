package io.csgate.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.body.Bodies;
import io.csgate.common.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How browser bodies become server API bodies; the results pass the shared validation. */
class DemoRequestsTest {

    private static JsonNode json(String text) {
        try {
            return Json.parse(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void connectAddsTheDemoStateKeysAndConfigs() {
        JsonNode out = DemoRequests.connect(json("{\"username\":\"al\",\"channels\":[\"pub_chan\",\"notify\"],\"x\":1}"));
        assertThat(out.get("username").asText()).isEqualTo("al");
        assertThat(out.has("x")).isFalse();
        assertThat(out.get("state_public_keys")).isEqualTo(Json.tree(List.of("status", "color")));
        assertThat(out.has("fresh_user_state")).as("no state nobody set").isFalse();
        assertThat(out.get("info").get("return_public_state").asBoolean()).isTrue();
        JsonNode chat = out.get("channel_configs").get("pub_chan");
        assertThat(chat.get("broadcast_presence_with_user_lists").asBoolean()).isTrue();
        assertThat(chat.get("notify_state").asBoolean()).isTrue();
        assertThat(out.get("channel_configs").get("notify").get("history_size").asInt()).isEqualTo(50);
        Bodies.connect(out);
    }

    @Test
    void connectPassesTheLastPositionOnAsResumeFrom() {
        JsonNode out = DemoRequests.connect(json("{\"username\":\"al\",\"channels\":[\"room\"],\"resume_from\":\"p-1\"}"));
        assertThat(out.get("resume_from").asText()).isEqualTo("p-1");
        assertThat(Bodies.connect(out).resumeFrom()).isEqualTo("p-1");
        assertThat(DemoRequests.connect(json("{\"username\":\"al\"}")).has("resume_from")).isFalse();
    }

    @Test
    void subscribeCarriesConfigsUnsubscribeDoesNot() {
        JsonNode in = json("{\"conn_id\":\"12345678-1234-5678-1234-567812345678\",\"channels\":[\"room\"]}");
        JsonNode sub = DemoRequests.subscribe(in, true);
        assertThat(sub.get("channel_configs").has("room")).isTrue();
        JsonNode unsub = DemoRequests.subscribe(in, false);
        assertThat(unsub.has("channel_configs")).isFalse();
        Bodies.subscribe(sub);
        Bodies.subscribe(unsub);
    }

    @Test
    void messagesKeepOnlySenderChannelAndPayload() {
        JsonNode post = DemoRequests.publish(json(
                "{\"user\":\"al\",\"channel\":\"c\",\"message\":{\"text\":\"hi\"},\"pm_users\":[\"bo\"],\"exclude_users\":[\"x\"]}"));
        assertThat(post).isEqualTo(Json.tree(List.of(Map.of("user", "al", "channel", "c", "message", Map.of("text", "hi")))));
        Bodies.messages(post);
        String uuid = "12345678-1234-5678-1234-567812345678";
        JsonNode edit = DemoRequests.edit(json("{\"uuid\":\"" + uuid + "\",\"channel\":\"c\",\"message\":{\"text\":\"x\"},\"user\":\"z\"}"));
        assertThat(edit.get(0).has("user")).isFalse();
        Bodies.edits(edit);
        JsonNode delete = DemoRequests.delete(json("{\"uuid\":\"" + uuid + "\",\"channel\":\"c\",\"message\":{}}"));
        assertThat(delete).isEqualTo(Json.tree(List.of(Map.of("uuid", uuid, "channel", "c"))));
        Bodies.deletes(delete);
    }

    @Test
    void userStateMapsTheReferenceClientShape() {
        JsonNode out = DemoRequests.userState(json("{\"username\":\"al\",\"conn_id\":\"x\",\"update_state\":{\"status\":\"away\"}}"));
        assertThat(out).isEqualTo(Json.tree(Map.of("user", "al", "user_state", Map.of("status", "away"))));
        Bodies.userState(out);
    }

    @Test
    void nonObjectsAndMissingFieldsAreLeftForValidation() {
        JsonNode list = json("[1]");
        assertThat(DemoRequests.connect(list)).isSameAs(list);
        assertThat(DemoRequests.publish(null)).isNull();
        assertThat(DemoRequests.connect(json("{}")).has("username")).isFalse();
        assertThat(DemoRequests.userState(json("{}")).has("user")).isFalse();
        assertThat(DemoRequests.channelConfigs(json("[1, \"ok\"]")).size()).isEqualTo(1);
    }
}
