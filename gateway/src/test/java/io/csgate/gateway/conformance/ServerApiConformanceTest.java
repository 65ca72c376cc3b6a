package io.csgate.gateway.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.json.Json;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.ApiClient.Answer;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server API at the HTTP level, against a running gateway on the real embedded broker:
 * response shapes and key sets of docs/protocol.md §5 and of the reference transcripts, and every
 * error case of §1 and §3.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ServerApiConformanceTest {

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

    static String uniq(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void connectAnswersLikeTheReference() {
        String room = uniq("room");
        String connId = UUID.randomUUID().toString();
        Answer a = api.post("/connect", Map.of(
                "username", "alice", "channels", List.of(room), "conn_id", connId,
                "fresh_user_state", Map.of("status", "online", "secret_note", "x"),
                "state_public_keys", List.of("status"),
                "channel_configs", Map.of(room, Map.of("notify_presence", true, "notify_state", true,
                        "store_history", true, "history_size", 5, "broadcast_presence_with_user_lists", true))));
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/json");
        JsonNode j = a.json();
        assertThat(keys(j)).containsExactly("conn_id", "state", "username", "public_state", "channels", "channels_info");
        assertThat(j.get("conn_id").asText()).isEqualTo(connId);
        assertThat(j.get("username").asText()).isEqualTo("alice");
        assertThat(j.get("public_state")).isEqualTo(Json.tree(Map.of("status", "online")));
        assertThat(j.get("channels")).isEqualTo(Json.tree(List.of(room)));
        JsonNode info = j.get("channels_info");
        assertThat(keys(info)).containsExactly("channels", "users");
        JsonNode ch = info.get("channels").get(room);
        assertThat(keys(ch)).containsExactly("uuid", "name", "long_name", "settings", "history", "last_active",
                "total_connections", "total_users", "users");
        assertThat(keys(ch.get("settings"))).containsExactlyInAnyOrder("notify_presence", "store_history",
                "history_size", "broadcast_presence_with_user_lists", "notify_state", "store_frames");
        assertThat(ch.get("settings").get("history_size").asInt()).isEqualTo(5);
        assertThat(ch.get("settings").get("store_frames").asBoolean()).isTrue();
        assertThat(ch.get("long_name").isNull()).isTrue();
        assertThat(ch.get("total_connections").asInt()).isEqualTo(1);
        assertThat(ch.get("users")).isEqualTo(Json.tree(List.of("alice")));
        assertThat(ch.get("last_active").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?");
        assertThat(UUID.fromString(ch.get("uuid").asText())).isNotNull();
    }

    @Test
    void minimalConnectFillsDefaults() {
        Answer a = api.post("/connect", Map.of("username", uniq("min")));
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(UUID.fromString(a.json().get("conn_id").asText())).isNotNull();
        assertThat(a.json().get("channels")).isEmpty();
        assertThat(a.json().get("state")).isEmpty();
        assertThat(a.json().get("channels_info").get("channels")).isEmpty();
    }

    @Test
    void validationErrorsHaveMarshmallowsShapeAndProduceNothing() {
        assertThat(api.post("/connect", Map.of())).satisfies(a -> {
            assertThat(a.status()).isEqualTo(422);
            assertThat(a.json()).isEqualTo(Json.tree(Map.of("username", List.of("Missing data for required field."))));
        });
        assertThat(api.post("/connect", Map.of("username", "a", "conn_id", "zzz")).json())
                .isEqualTo(Json.tree(Map.of("conn_id", List.of("Not a valid UUID."))));
        assertThat(api.post("/connect", Map.of("username", "")).json())
                .isEqualTo(Json.tree(Map.of("username", List.of("Length must be between 1 and 512."))));
        assertThat(api.post("/connect", Map.of("username", "a", "channels", List.of(""))).json())
                .isEqualTo(Json.tree(Map.of("channels", Map.of("0", List.of("Length must be between 1 and 256.")))));
        assertThat(api.post("/connect", Map.of("username", "a", "foo", 1)).json())
                .isEqualTo(Json.tree(Map.of("foo", List.of("Unknown field."))));
        assertThat(api.post("/connect", Map.of("username", "a", "user_state", Map.of("a", List.of(1)))).json())
                .isEqualTo(Json.tree(Map.of("user_state", Map.of("a", Map.of("value",
                        List.of("Value is not type of string, integer, boolean or float."))))));
        assertThat(api.post("/message", Map.of("user", "a")).json())
                .isEqualTo(Json.tree(Map.of("_schema", List.of("Invalid input type."))));
        assertThat(api.post("/message", List.of(Map.of("channel", "x"))).json())
                .isEqualTo(Json.tree(Map.of("0", Map.of("user", List.of("Missing data for required field.")))));
        // the reference checks the connection within validation, so both errors come together
        assertThat(api.post("/subscribe", Map.of("conn_id", UUID.randomUUID().toString(), "channels", List.of())).json())
                .isEqualTo(Json.tree(Map.of("conn_id", List.of("Unknown connection"),
                        "channels", List.of("Shorter than minimum length 1."))));
        assertThat(api.post("/channel_config", Map.of("c", Map.of("history_size", -1))).json())
                .isEqualTo(Json.tree(Map.of("history_size", List.of("Must be greater than or equal to 0."))));
        assertThat(api.post("/info", Map.of()).json())
                .isEqualTo(Json.tree(Map.of("info", List.of("Missing data for required field."))));
        Answer notJson = api.post("/connect", "{not json");
        assertThat(notJson.status()).isEqualTo(422);
        assertThat(notJson.json().has("_schema")).isTrue();
    }

    @Test
    void unknownConnectionAndUserAre422() {
        assertThat(api.post("/subscribe", Map.of("conn_id", UUID.randomUUID().toString(), "channels", List.of("a"))))
                .satisfies(a -> {
                    assertThat(a.status()).isEqualTo(422);
                    assertThat(a.json()).isEqualTo(Json.tree(Map.of("conn_id", List.of("Unknown connection"))));
                });
        assertThat(api.post("/unsubscribe", Map.of("conn_id", UUID.randomUUID().toString(), "channels", List.of("a")))
                .json()).isEqualTo(Json.tree(Map.of("conn_id", List.of("Unknown connection"))));
        assertThat(api.post("/user_state", Map.of("user", uniq("nobody"), "user_state", Map.of("a", 1))).json())
                .isEqualTo(Json.tree(Map.of("user", List.of("Unknown user"))));
    }

    @Test
    void authorisationFollowsTheReference() {
        Answer unsigned = api.call("POST", "/connect", Map.of("username", "a"), false);
        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(unsigned.contentType()).startsWith("text/html");
        assertThat(unsigned.text()).contains("403 Forbidden");

        var bad = java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.url() + "/connect"))
                .header("X-Channelstream-Secret", "channelstream.AAAA.BBBB")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"username\":\"a\"}")).build();
        Answer badSig = api.send(bad);
        assertThat(badSig.status()).isEqualTo(401);
        assertThat(badSig.json()).isEqualTo(Json.tree(Map.of("request", "Bad Signature")));

        ApiClient otherSecret = new ApiClient(gateway.url(), "not-the-secret");
        assertThat(otherSecret.post("/info", null).status()).isEqualTo(401);

        long old = java.time.Instant.now().getEpochSecond() - 120;
        var expired = java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.url() + "/info"))
                .header("X-Channelstream-Secret", new io.csgate.common.sign.TimestampSigner(TestGateway.SECRET)
                        .sign("channelstream", old))
                .GET().build();
        assertThat(api.send(expired).status()).isEqualTo(401);

        // any signed value authorises; ?secret= works instead of the header
        String signed = api.sign("whatever");
        var query = java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.url() + "/info?secret="
                + java.net.URLEncoder.encode(signed, java.nio.charset.StandardCharsets.UTF_8))).GET().build();
        assertThat(api.send(query).status()).isEqualTo(200);
    }

    @Test
    void addressesOutsideAllowPostingFromAreForbidden() {
        try (TestGateway strict = TestGateway.start("strict-" + UUID.randomUUID(),
                Map.of("allow_posting_from", "10.1.2.3"))) {
            Answer a = strict.client().post("/info", null);
            assertThat(a.status()).isEqualTo(403);
        }
    }

    @Test
    void unknownPathsAndWrongMethodsAre404AndOptionsAnswersCors() {
        assertThat(api.call("GET", "/connect", null, true).status()).isEqualTo(404);
        assertThat(api.call("GET", "/", null, true).status()).isEqualTo(404);
        assertThat(api.call("PUT", "/message", List.of(), true).status()).isEqualTo(404);
        var options = java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.url() + "/connect"))
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).build();
        Answer o = api.send(options);
        assertThat(o.status()).isEqualTo(200);
        assertThat(o.text()).isEmpty();
    }

    @Test
    void publishAnswersTheValidatedItemsInTheReferenceKeyOrder() {
        String room = uniq("pub");
        api.post("/channel_config", Map.of(room, Map.of("store_history", true)));
        List<Object> items = List.of(
                new java.util.LinkedHashMap<>(Map.of("channel", room, "user", "bob", "message", Map.of("text", "hello"),
                        "extra_key", 1)),
                Map.of("channel", room, "user", "system", "pm_users", List.of("alice"), "no_history", true,
                        "message", Map.of("text", "pm")),
                Map.of("user", "system", "pm_users", List.of("alice"), "message", Map.of("text", "global")),
                Map.of("user", "nobody", "message", Map.of("text", "dropped")));
        Answer a = api.post("/message", items);
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(a.json()).hasSize(3);
        JsonNode first = a.json().get(0);
        assertThat(keys(first)).containsExactly("pm_users", "exclude_users", "channel", "no_history", "uuid",
                "timestamp", "user", "message", "extra_key", "edited");
        assertThat(first.get("edited").isNull()).isTrue();
        assertThat(first.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?");

        // history is visible through /info, without delivery keys, and channel PMs stay out (docs/protocol.md §14 #6)
        JsonNode info = api.post("/info", Map.of("info", Map.of("channels", List.of(room)))).json();
        JsonNode history = info.get("channels").get(room).get("history");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("message").get("text").asText()).isEqualTo("hello");
        assertThat(history.get(0).has("pm_users")).isFalse();
        assertThat(history.get(0).get("type").asText()).isEqualTo("message");
    }

    @Test
    void editAndDeleteAnswerTheirItemsAndChangeHistory() {
        String room = uniq("ed");
        api.post("/channel_config", Map.of(room, Map.of("store_history", true)));
        String uuid = api.post("/message", List.of(Map.of("channel", room, "user", "bob",
                "message", Map.of("text", "v1")))).json().get(0).get("uuid").asText();
        Answer edit = api.call("PATCH", "/message", List.of(Map.of("uuid", uuid, "channel", room,
                "message", Map.of("text", "v2"))), true);
        assertThat(edit.status()).as(edit.text()).isEqualTo(200);
        assertThat(keys(edit.json().get(0))).containsExactlyInAnyOrder("pm_users", "channel", "exclude_users", "uuid",
                "edited", "no_history", "message");
        JsonNode hist = api.post("/info", Map.of("info", Map.of("channels", List.of(room)))).json()
                .get("channels").get(room).get("history");
        assertThat(hist.get(0).get("message").get("text").asText()).isEqualTo("v2");
        assertThat(hist.get(0).get("edited").isNull()).isFalse();

        Answer del = api.call("DELETE", "/message", List.of(Map.of("uuid", uuid, "channel", room)), true);
        assertThat(del.status()).as(del.text()).isEqualTo(200);
        assertThat(del.json()).isEqualTo(Json.tree(List.of(new java.util.LinkedHashMap<>(Map.of(
                "pm_users", List.of(), "exclude_users", List.of(), "channel", room, "no_history", false, "uuid", uuid)))));
        assertThat(api.post("/info", Map.of("info", Map.of("channels", List.of(room)))).json()
                .get("channels").get(room).get("history")).isEmpty();
        assertThat(api.call("DELETE", "/message", List.of(Map.of("uuid", uuid, "bogus", 1)), true).status())
                .isEqualTo(422);
    }

    @Test
    void subscribeUnsubscribeAndUserState() {
        String user = uniq("bob");
        String room = uniq("r");
        String room2 = uniq("r2");
        String conn = api.post("/connect", Map.of("username", user, "channels", List.of(room),
                "fresh_user_state", Map.of("status", "away"), "state_public_keys", List.of("status")))
                .json().get("conn_id").asText();
        Answer sub = api.post("/subscribe", Map.of("conn_id", conn, "channels", List.of(room2, room),
                "channel_configs", Map.of(room2, Map.of("notify_presence", true))));
        assertThat(sub.status()).as(sub.text()).isEqualTo(200);
        assertThat(keys(sub.json())).containsExactly("channels", "channels_info", "subscribed_to");
        assertThat(sub.json().get("subscribed_to")).isEqualTo(Json.tree(List.of(room2)));
        assertThat(sub.json().get("channels_info").get("channels").get(room2).get("settings")
                .get("notify_presence").asBoolean()).isTrue();

        Answer unsub = api.post("/unsubscribe", Map.of("conn_id", conn, "channels", List.of(room2, "nonexistent")));
        assertThat(keys(unsub.json())).containsExactly("channels", "channels_info", "unsubscribed_from");
        assertThat(unsub.json().get("channels")).isEqualTo(Json.tree(List.of(room)));
        assertThat(unsub.json().get("unsubscribed_from")).isEqualTo(Json.tree(List.of(room2)));

        Answer state = api.post("/user_state", Map.of("user", user,
                "user_state", new java.util.LinkedHashMap<>(Map.of("status", "busy"))));
        assertThat(state.status()).as(state.text()).isEqualTo(200);
        assertThat(keys(state.json())).containsExactly("user_state", "changed_state", "public_keys");
        assertThat(state.json().get("changed_state"))
                .isEqualTo(Json.tree(List.of(Map.of("key", "status", "value", "busy"))));
        assertThat(state.json().get("public_keys")).isEqualTo(Json.tree(List.of("status")));
    }

    @Test
    void channelConfigAnswersWithoutUsersAndResetsOmittedSettings() {
        String c = uniq("cfg");
        Answer a = api.post("/channel_config", Map.of(c, Map.of("notify_presence", true, "history_size", 3)));
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        JsonNode ch = a.json().get("channels").get(c);
        assertThat(ch.get("settings")).isEqualTo(Json.tree(Map.of("notify_presence", true, "store_history", false,
                "history_size", 3, "broadcast_presence_with_user_lists", false, "notify_state", false,
                "store_frames", true)));
        assertThat(ch.get("users")).isEmpty();
        assertThat(a.json().get("users")).isEmpty();
        JsonNode again = api.post("/channel_config", Map.of(c, Map.of("store_history", true))).json()
                .get("channels").get(c).get("settings");
        assertThat(again.get("notify_presence").asBoolean()).isFalse();
        assertThat(again.get("history_size").asInt()).isEqualTo(10);
        assertThat(api.post("/channel_config", Map.of()).json())
                .isEqualTo(Json.tree(Map.of("channels", Map.of(), "users", List.of())));
        assertThat(api.post("/channel_config", Map.of(c, Map.of("salvageable", true))).status()).isEqualTo(422);
    }

    @Test
    void infoListsChannelsAndUsers() {
        String c = uniq("inf");
        String u = uniq("ivy");
        api.post("/connect", Map.of("username", u, "channels", List.of(c),
                "fresh_user_state", Map.of("pub", 1, "priv", 2), "state_public_keys", List.of("pub")));
        JsonNode all = api.call("GET", "/info", null, true).json();
        assertThat(all.get("channels").has(c)).isTrue();
        JsonNode pub = api.post("/info", Map.of("info", Map.of("channels", List.of(c), "return_public_state", true,
                "include_history", false))).json();
        assertThat(pub.get("users")).isEqualTo(Json.tree(List.of(Map.of("user", u, "state", Map.of("pub", 1)))));
        JsonNode excluded = api.post("/info", Map.of("info", Map.of("channels", List.of(c),
                "exclude_channels", List.of(c)))).json();
        assertThat(excluded.get("channels")).isEmpty();
        JsonNode noUsers = api.post("/info", Map.of("info", Map.of("channels", List.of(c), "include_users", false)))
                .json().get("channels").get(c);
        assertThat(noUsers.get("users")).isEmpty();
        assertThat(noUsers.get("total_users").asInt()).isEqualTo(1); // docs/protocol.md §14 #4
    }

    @Test
    void disconnectAnswersTrueThenFalseAndValidates() {
        String conn = api.post("/connect", Map.of("username", uniq("d"))).json().get("conn_id").asText();
        Answer first = api.call("GET", "/disconnect?conn_id=" + conn, null, false);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().asBoolean()).isTrue();
        Answer second = api.call("POST", "/disconnect", Map.of("conn_id", conn), false);
        assertThat(second.json().isBoolean()).isTrue();
        assertThat(second.json().asBoolean()).isFalse();
        Answer bad = api.call("POST", "/disconnect", Map.of("conn_id", "zzz"), false);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json()).isEqualTo(Json.tree(Map.of("conn_id", List.of("Not a valid UUID."))));
        // client endpoints ignore signatures, even bad ones (docs/protocol.md §14 #13)
        var badSig = java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.url()
                        + "/disconnect?conn_id=" + UUID.randomUUID()))
                .header("X-Channelstream-Secret", "bad.sig.nature").GET().build();
        assertThat(api.send(badSig).status()).isEqualTo(200);
    }
}
