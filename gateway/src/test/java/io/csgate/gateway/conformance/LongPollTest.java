package io.csgate.gateway.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.json.Json;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.ApiClient.Answer;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Long polling (docs/protocol.md §7.2 and §14 #11), catch-up between polls by log position,
 * heartbeats into polls, and connection GC after {@code gc_conns_after} without a listener.
 * Timing bounds are generous on purpose: they check behaviour, not speed.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class LongPollTest {

    private static TestGateway gateway;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("longpoll-" + UUID.randomUUID(),
                Map.of("heartbeat_interval", "1", "wake_connections_after", "3", "gc_conns_after", "3"));
        api = gateway.client();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private String connect(String room) {
        return api.post("/connect", Map.of("username", "lp-" + UUID.randomUUID(), "channels", List.of(room)))
                .json().get("conn_id").asText();
    }

    private Answer poll(String connId, String extra) {
        return api.call("GET", "/listen?conn_id=" + connId + extra, null, false);
    }

    private void publish(String room, String text) {
        assertThat(api.post("/message", List.of(Map.of("channel", room, "user", "s", "message",
                Map.of("text", text)))).status()).isEqualTo(200);
    }

    @Test
    void aMessageQueuedBeforeThePollArrivesAsCatchUp() {
        String room = "lp-" + UUID.randomUUID();
        String conn = connect(room);
        publish(room, "before");
        long t0 = System.nanoTime();
        Answer a = poll(conn, "");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/json");
        assertThat(a.json().isArray()).isTrue();
        JsonNode event = a.json().get(0);
        assertThat(event.get("message").get("text").asText()).isEqualTo("before");
        assertThat(event.get("catchup").asBoolean()).isTrue();
        assertThat(ms).isLessThan(2500); // answered after the 0.25 s quiet gap, not the full wait

        // nothing is repeated by the next poll: it starts where this one ended
        Answer next = poll(conn, "");
        for (JsonNode e : next.json()) {
            assertThat(e.path("message").path("text").asText()).isNotEqualTo("before");
        }
    }

    @Test
    void aMessagePostedDuringThePollIsLiveAndOneBetweenPollsIsCaughtUp() throws Exception {
        String room = "lp-" + UUID.randomUUID();
        String conn = connect(room);
        poll(conn, ""); // drain the connect-time catch-up
        CompletableFuture<Answer> pending = CompletableFuture.supplyAsync(() -> poll(conn, ""));
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(300)).until(() -> true);
        publish(room, "during");
        Answer during = pending.get();
        JsonNode live = null;
        for (JsonNode e : during.json()) {
            if ("during".equals(e.path("message").path("text").asText())) {
                live = e;
            }
        }
        assertThat(live).as(during.text()).isNotNull();

        publish(room, "between");
        Answer after = poll(conn, "");
        JsonNode caught = null;
        for (JsonNode e : after.json()) {
            if ("between".equals(e.path("message").path("text").asText())) {
                caught = e;
            }
        }
        assertThat(caught).as(after.text()).isNotNull();
        assertThat(caught.get("catchup").asBoolean()).isTrue();
    }

    @Test
    void aPollThatFillsUpAnswersAtOnceAndTheNextOneGoesOnWithoutAGap() throws Exception {
        try (TestGateway own = TestGateway.start("longpoll-full-" + UUID.randomUUID(),
                Map.of("heartbeat_interval", "60", "wake_connections_after", "30"))) {
            ApiClient client = own.client();
            String room = "lp-" + UUID.randomUUID();
            String conn = client.post("/connect", Map.of("username", "lp-full", "channels", List.of(room))).json()
                    .get("conn_id").asText();
            CompletableFuture<Answer> pending = CompletableFuture.supplyAsync(() ->
                    client.call("GET", "/listen?conn_id=" + conn, null, false));
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> Integer.valueOf(1).equals(own.gateway().readiness().details().get("sessions")));
            // one event of 40 messages of 3 KB: 120 KB, more than one answer takes (64 KiB)
            String pad = "z".repeat(3000);
            List<Map<String, Object>> items = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                items.add(Map.of("channel", room, "user", "s", "message", Map.of("n", i, "pad", pad)));
            }
            assertThat(client.post("/message", items).status()).isEqualTo(200);

            Answer first = pending.get(20, java.util.concurrent.TimeUnit.SECONDS); // not the 30 s wait
            assertThat(first.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(65_536);
            List<Integer> live = numbers(first.json());
            assertThat(live).isNotEmpty().hasSizeLessThan(40);
            assertThat(live).isEqualTo(java.util.stream.IntStream.range(0, live.size()).boxed().toList());

            // the next poll's catch-up starts at the event it could not finish: nothing is skipped
            Answer second = client.call("GET", "/listen?conn_id=" + conn, null, false);
            List<Integer> caught = numbers(second.json());
            assertThat(caught).isEqualTo(java.util.stream.IntStream.range(0, 40).boxed().toList());
            assertThat(second.json().get(0).get("catchup").asBoolean()).isTrue();
        }
    }

    private static List<Integer> numbers(JsonNode events) {
        List<Integer> out = new java.util.ArrayList<>();
        events.forEach(e -> {
            if (e.path("message").has("n")) {
                out.add(e.path("message").path("n").asInt());
            }
        });
        return out;
    }

    @Test
    void anIdlePollAnswersTheHeartbeatAndJsonpWraps() {
        String conn = connect("lp-" + UUID.randomUUID());
        poll(conn, "");
        Answer a = poll(conn, "&callback=cb");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/javascript");
        assertThat(a.text()).isEqualTo("cb([])");
    }

    @Test
    void errorsFollowTheDecisions() {
        Answer unknown = poll(UUID.randomUUID().toString(), "");
        assertThat(unknown.status()).isEqualTo(401);
        Answer bad = poll("zzz", "");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json()).isEqualTo(Json.tree(Map.of("conn_id", List.of("Not a valid UUID."))));
        Answer missing = api.call("GET", "/listen", null, false);
        assertThat(missing.status()).isEqualTo(422);
        Answer badCallback = poll(UUID.randomUUID().toString(), "&callback=alert(1)");
        assertThat(badCallback.status()).isEqualTo(422);
    }

    @Test
    void aConnectionWithoutListenerIsCollectedAfterGcConnsAfter() {
        String room = "gc-" + UUID.randomUUID();
        String user = "gc-user-" + UUID.randomUUID();
        api.post("/connect", Map.of("username", user, "channels", List.of(room)));
        assertThat(WebsocketConformanceTest.usersOf(api, room)).contains(user);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() ->
                !WebsocketConformanceTest.usersOf(api, room).contains(user));
    }

    @Test
    void aPollingConnectionIsNotCollected() {
        String room = "gc-" + UUID.randomUUID();
        String user = "poller-" + UUID.randomUUID();
        String conn = api.post("/connect", Map.of("username", user, "channels", List.of(room))).json()
                .get("conn_id").asText();
        long until = System.nanoTime() + Duration.ofSeconds(7).toNanos();
        while (System.nanoTime() < until) {
            assertThat(poll(conn, "").status()).isEqualTo(200);
        }
        assertThat(WebsocketConformanceTest.usersOf(api, room)).contains(user);
    }
}
