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
import io.csgate.gateway.cluster.Snapshot;
import io.csgate.gateway.log.KafkaClients;
import io.csgate.gateway.log.SnapshotStore;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import io.csgate.gateway.testing.WsClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test of a gap-free resume: a user whose connection is gone misses 10,000 messages
 * to a channel that keeps 5 in history, connects again with {@code resume_from}, and receives
 * exactly those 10,000, in order, each once, then live ones: on the gateway it used, on another
 * one, and on one that started from a snapshot taken after the messages.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ResumeTest {

    static final int MISSED = 10_000;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aUserWhoseConnectionWentGetsEveryMissedMessageOnceInOrderThenLiveOnes() throws Exception {
        String topic = "resume-" + UUID.randomUUID();
        String snapshots = topic + ".snapshots";
        Map<String, String> cfg = Map.of("snapshot_every_events", "40", "kafka_snapshot_topic", snapshots);
        try (TestGateway a = TestGateway.start(topic, cfg); TestGateway b = TestGateway.start(topic, cfg)) {
            ApiClient api = a.client();
            api.post("/channel_config", Map.of(ROOM, Map.of("store_history", true, "history_size", 5)));
            String lastSeen = seeOneMessageAndGo(a);

            // 10,000 messages: 100 records of 99 and one of 100, so positions name items of records too
            publish(api, "m", MISSED, 99);

            // (a) the same gateway answers /connect and holds the socket
            JsonNode again = connect(api, "alice", lastSeen);
            assertThat(again.get("resumed").asBoolean()).as(again.toString()).isTrue();
            JsonNode history = again.get("channels_info").get("channels").get(ROOM).get("history");
            assertThat(history).hasSize(5);
            history.forEach(h -> assertThat(h.get("position").asText()).isNotEmpty());
            List<String> missed = new java.util.ArrayList<>(expected("m", 0, MISSED));
            try (WsClient ws = socket(a, again.get("conn_id").asText(), null)) {
                receivesTheMissedThenLive(ws, api, missed, "a");
            }
            missed.addAll(expected("a", 0, 3)); // live for that connection, missed for one resuming from lastSeen
            assertThat(ResumeClient.counter(a, "csgate_resumes_total", "outcome=\"delivered\"")).isEqualTo(1);
            assertThat(ResumeClient.counter(a, "csgate_catchup_events_total", null)).isEqualTo(MISSED);

            // (b) /connect answered by one gateway, the socket on another
            JsonNode onB = connect(api, "alice", lastSeen);
            assertThat(onB.get("resumed").asBoolean()).isTrue();
            try (WsClient ws = socket(b, onB.get("conn_id").asText(), null)) {
                receivesTheMissedThenLive(ws, b.client(), missed, "b");
            }
            missed.addAll(expected("b", 0, 3));

            // (c) a gateway that started from a snapshot taken after the messages and after the /connect
            JsonNode forC = connect(b.client(), "alice", lastSeen);
            assertThat(forC.get("resumed").asBoolean()).isTrue();
            long afterConnect = b.client().call("GET", "/readyz", null, false).json().get("applied").get("0").asLong();
            publish(api, "filler", 45, 1); // past the next snapshot
            try (SnapshotStore store = new SnapshotStore(KafkaClients.plain(EmbeddedKafkaExtension.bootstrapServers()),
                    snapshots, "resume-test")) {
                // a snapshot taken after the /connect: it must carry the resume no socket has taken yet
                Awaitility.await().atMost(WAIT).until(() -> store.latest(topic, Duration.ofSeconds(10))
                        .map(bytes -> Snapshot.decode(bytes).positions().get(0) >= afterConnect).orElse(false));
            }
            try (TestGateway c = TestGateway.start(topic, cfg)) {
                JsonNode ready = c.client().call("GET", "/readyz", null, false).json();
                assertThat(ready.get("started_from_snapshot").get("0").asLong()).as(ready.toString())
                        .isGreaterThanOrEqualTo(afterConnect);
                try (WsClient ws = socket(c, forC.get("conn_id").asText(), null)) {
                    List<JsonNode> got = messages(ws, missed.size());
                    assertThat(texts(got)).containsExactlyElementsOf(missed);
                    got.forEach(e -> assertThat(e.get("catchup").asBoolean()).isTrue());
                    // what came after the /connect, before the socket: the stored catch-up, after the range
                    List<JsonNode> after = messages(ws, 45);
                    assertThat(texts(after)).containsExactlyElementsOf(expected("filler", 0, 45));
                }
            }
        }
    }

    /** Alice sees one live message, then her socket closes and her connection goes; the message's position. */
    static String seeOneMessageAndGo(TestGateway g) {
        JsonNode first = connect(g.client(), "alice", null);
        assertThat(first.has("resumed")).as("no resumed without resume_from").isFalse();
        String connId = first.get("conn_id").asText();
        String seen;
        try (WsClient ws = socket(g, connId, null)) {
            publish(g.client(), "before", 1, 1);
            JsonNode event = messages(ws, 1).get(0);
            assertThat(event.get("catchup").asBoolean()).isFalse();
            seen = event.get("position").asText();
        }
        Awaitility.await().atMost(WAIT).until(() -> g.gateway().connectionOwner(UUID.fromString(connId)).isEmpty());
        return seen;
    }

    private static void receivesTheMissedThenLive(WsClient ws, ApiClient api, List<String> missed, String live) {
        publish(api, live, 3, 1); // while the catch-up may still be read: it must come after it
        int n = missed.size();
        List<JsonNode> got = messages(ws, n + 3);
        List<JsonNode> caughtUp = got.subList(0, n);
        assertThat(texts(caughtUp)).containsExactlyElementsOf(missed);
        caughtUp.forEach(e -> assertThat(e.get("catchup").asBoolean()).as(e.toString()).isTrue());
        List<JsonNode> liveOnes = got.subList(n, n + 3);
        assertThat(texts(liveOnes)).containsExactlyElementsOf(expected(live, 0, 3));
        liveOnes.forEach(e -> assertThat(e.get("catchup").asBoolean()).isFalse());
        assertThat(ResumeClient.more(ws, Duration.ofMillis(500))).as("nothing twice").isEmpty();
        Set<String> ids = new HashSet<>();
        Set<String> positions = new HashSet<>();
        got.forEach(e -> {
            assertThat(ids.add(e.get("uuid").asText())).as("each once: " + e).isTrue();
            assertThat(positions.add(e.get("position").asText())).as("positions unique: " + e).isTrue();
        });
    }
}
