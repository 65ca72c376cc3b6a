package io.csgate.gateway.resume;

import static io.csgate.gateway.resume.ResumeClient.ROOM;
import static io.csgate.gateway.resume.ResumeClient.connect;
import static io.csgate.gateway.resume.ResumeClient.expected;
import static io.csgate.gateway.resume.ResumeClient.messages;
import static io.csgate.gateway.resume.ResumeClient.publish;
import static io.csgate.gateway.resume.ResumeClient.socket;
import static io.csgate.gateway.resume.ResumeClient.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.gateway.log.KafkaClients;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import io.csgate.gateway.testing.WsClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a resume answers and delivers beyond the plain case: positions it cannot serve answer
 * {@code resumed: false} (never an error), the delivery rules of live frames hold, and a live
 * connection's client resumes its socket or long poll from the last position it saw.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ResumeRulesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void positionsThatCannotBeServedAnswerResumedFalse() throws Exception {
        String topic = "resume-refused-" + UUID.randomUUID();
        try (TestGateway g = TestGateway.start(topic, Map.of("resume_max_events", "50", "snapshot_every_events", "0"))) {
            ApiClient api = g.client();
            api.post("/channel_config", Map.of(ROOM, Map.of("store_history", true, "history_size", 5)));
            String seen = ResumeTest.seeOneMessageAndGo(g);
            String epoch = seen.substring(0, seen.indexOf(':'));
            publish(api, "m", 10, 1);
            assertThat(resumed(api, seen)).as("a position of this log within the limit").isTrue();

            assertThat(resumed(api, "no-such-position")).as("unknown").isFalse();
            assertThat(resumed(api, epoch + ":0:abc")).as("malformed").isFalse();
            assertThat(resumed(api, epoch + ":0:-1")).as("malformed").isFalse();
            assertThat(resumed(api, "x".repeat(500))).as("too long").isFalse();
            assertThat(resumed(api, 12345)).as("not a string").isFalse();
            assertThat(resumed(api, "Zz9Zz9Zz" + seen.substring(seen.indexOf(':')))).as("another epoch").isFalse();
            assertThat(resumed(api, epoch + ":7:1")).as("another partition").isFalse();
            assertThat(resumed(api, epoch + ":0:999999")).as("ahead of the log").isFalse();

            publish(api, "n", 60, 1);
            assertThat(resumed(api, seen)).as("beyond resume_max_events").isFalse();

            try (Admin admin = KafkaClients.plain(EmbeddedKafkaExtension.bootstrapServers()).newAdmin("resume-test",
                    Duration.ofSeconds(20))) {
                long offset = Long.parseLong(seen.split(":")[2]);
                admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(offset + 40)))
                        .all().get(20, TimeUnit.SECONDS);
                String old = epoch + ":0:" + (offset + 35);
                assertThat(resumed(api, old)).as("older than the log still holds").isFalse();
                assertThat(resumed(api, epoch + ":0:" + (offset + 45))).as("still held").isTrue();
            }
            assertThat(ResumeClient.counter(g, "csgate_resumes_total", "outcome=\"refused\"")).as("every false answer").isEqualTo(10);
            JsonNode plain = connect(api, "bob", null);
            assertThat(plain.has("resumed")).as("no resumed without resume_from").isFalse();
            assertThat(api.post("/connect", Map.of("username", "bob", "resume_from", (Object) "")).json()
                    .get("resumed").asBoolean()).isFalse();
        }
    }

    private static boolean resumed(ApiClient api, Object resumeFrom) {
        ApiClient.Answer a = api.post("/connect", Map.of("username", "alice", "channels", List.of(ROOM),
                "resume_from", resumeFrom));
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        return a.json().get("resumed").asBoolean();
    }

    @Test
    void aResumeKeepsTheRulesOfLiveDeliveryAndTheEditsAndDeletesOfTheRange() {
        try (TestGateway g = TestGateway.start()) {
            ApiClient api = g.client();
            api.post("/channel_config", Map.of(ROOM, Map.of("store_history", true, "history_size", 5)));
            connect(api, "carol", null); // another member, so private messages in the room have someone to go to
            String seen = ResumeTest.seeOneMessageAndGo(g);
            String uuid = api.post("/message", List.of(Map.of("channel", ROOM, "user", "p", "message",
                    Map.of("text", "edited later")))).json().get(0).get("uuid").asText();
            api.post("/message", List.of(
                    Map.of("channel", ROOM, "user", "p", "message", Map.of("text", "not for alice"),
                            "exclude_users", List.of("alice")),
                    Map.of("channel", ROOM, "user", "p", "message", Map.of("text", "for carol only"),
                            "pm_users", List.of("carol")),
                    Map.of("channel", ROOM, "user", "p", "message", Map.of("text", "for alice in the room"),
                            "pm_users", List.of("alice")),
                    Map.of("user", "p", "message", Map.of("text", "for alice alone"), "pm_users", List.of("alice")),
                    Map.of("channel", "elsewhere", "user", "p", "message", Map.of("text", "another channel"))));
            api.call("PATCH", "/message", List.of(Map.of("uuid", uuid, "channel", ROOM, "message",
                    Map.of("text", "edited"))), true);
            api.call("DELETE", "/message", List.of(Map.of("uuid", uuid, "channel", ROOM)), true);

            JsonNode again = connect(api, "alice", seen);
            assertThat(again.get("resumed").asBoolean()).isTrue();
            try (WsClient ws = socket(g, again.get("conn_id").asText(), null)) {
                List<JsonNode> got = new java.util.ArrayList<>(messages(ws, 5));
                assertThat(got).extracting(e -> e.get("type").asText()).containsExactly("message", "message", "message",
                        "message:edit", "message:delete");
                assertThat(got.get(0).get("message").get("text").asText()).isEqualTo("edited later");
                assertThat(got.get(1).get("message").get("text").asText()).isEqualTo("for alice in the room");
                assertThat(got.get(2).get("message").get("text").asText()).isEqualTo("for alice alone");
                assertThat(got.get(3).get("message").get("text").asText()).isEqualTo("edited");
                assertThat(got.get(4).get("uuid").asText()).isEqualTo(uuid);
                got.subList(0, 5).forEach(e -> {
                    assertThat(e.get("catchup").asBoolean()).isTrue();
                    assertThat(e.has("pm_users")).as("no delivery keys").isFalse();
                });
                // the range is over: the next one is live
                publish(api, "live", 1, 1);
                got.addAll(messages(ws, 1));
                assertThat(got.get(5).get("message").get("text").asText()).isEqualTo("live0");
                assertThat(got.get(5).get("catchup").asBoolean()).isFalse();
            }
        }
    }

    @Test
    void aLiveConnectionsNewSocketGetsWhatCameAfterTheLastPositionItsClientSaw() {
        try (TestGateway a = TestGateway.start()) {
            ApiClient api = a.client();
            api.post("/channel_config", Map.of(ROOM, Map.of("history_size", 5)));
            String connId = connect(api, "dave", null).get("conn_id").asText();
            WsClient first = socket(a, connId, null);
            publish(api, "m", 30, 10);
            List<JsonNode> got = messages(first, 30);
            String lost = got.get(11).get("position").asText(); // the client saw m0..m11; the rest was lost in flight
            try (WsClient second = socket(a, connId, lost)) {
                assertThat(first.closeCode(WAIT)).as("the new socket replaces the old").isEqualTo(1000);
                publish(api, "live", 2, 1);
                List<JsonNode> again = messages(second, 20);
                assertThat(texts(again)).containsExactlyElementsOf(concat(expected("m", 12, 30), expected("live", 0, 2)));
                again.subList(0, 18).forEach(e -> assertThat(e.get("catchup").asBoolean()).isTrue());
                again.subList(18, 20).forEach(e -> assertThat(e.get("catchup").asBoolean()).isFalse());
                assertThat(ResumeClient.more(second, Duration.ofMillis(500))).isEmpty();
            }
        }
    }

    @Test
    void aLongPollWithResumeFromGetsWhatCameAfterThatPosition() {
        try (TestGateway a = TestGateway.start()) {
            ApiClient api = a.client();
            api.post("/channel_config", Map.of(ROOM, Map.of("history_size", 5)));
            String connId = connect(api, "erin", null).get("conn_id").asText();
            JsonNode firstPoll = poll(api, connId, null, List.of());
            assertThat(firstPoll).isEmpty();
            publish(api, "m", 20, 5);
            JsonNode second = poll(api, connId, null, List.of());
            List<JsonNode> seen = messagesOf(second);
            assertThat(texts(seen)).isEqualTo(expected("m", 0, 20));
            // that answer was lost after m4: the client asks again from m4's position
            String lastSeen = seen.get(4).get("position").asText();
            List<JsonNode> again = messagesOf(poll(api, connId, lastSeen, List.of()));
            assertThat(texts(again)).isEqualTo(expected("m", 5, 20));
            again.forEach(e -> assertThat(e.get("catchup").asBoolean()).isTrue());
        }
    }

    @Test
    void aLongPollingClientsFirstPollGetsTheResumeOfItsConnect() {
        try (TestGateway a = TestGateway.start(); TestGateway b = TestGateway.start(a.config().kafkaTopic(), Map.of())) {
            ApiClient api = a.client();
            api.post("/channel_config", Map.of(ROOM, Map.of("history_size", 5)));
            String seen = ResumeTest.seeOneMessageAndGo(a);
            publish(api, "m", 30, 7);
            JsonNode again = connect(api, "alice", seen);
            assertThat(again.get("resumed").asBoolean()).isTrue();
            publish(api, "after", 2, 1); // between the /connect and the first poll: the stored catch-up
            // the poll lands on the other gateway
            List<JsonNode> got = messagesOf(poll(b.client(), again.get("conn_id").asText(), null, List.of()));
            assertThat(texts(got)).isEqualTo(concat(expected("m", 0, 30), expected("after", 0, 2)));
            got.forEach(e -> assertThat(e.get("catchup").asBoolean()).isTrue());
        }
    }

    private static JsonNode poll(ApiClient api, String connId, String resumeFrom, List<String> unused) {
        String q = resumeFrom == null ? "" : "&resume_from=" + URLEncoder.encode(resumeFrom, StandardCharsets.UTF_8);
        ApiClient.Answer a = api.call("GET", "/listen?conn_id=" + connId + q, null, false);
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        return a.json();
    }

    private static List<JsonNode> messagesOf(JsonNode answer) {
        List<JsonNode> out = new java.util.ArrayList<>();
        answer.forEach(e -> {
            if (e.path("type").asText().startsWith("message")) {
                out.add(e);
            }
        });
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
