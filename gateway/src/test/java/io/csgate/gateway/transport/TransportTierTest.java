package io.csgate.gateway.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.event.Envelope;
import io.csgate.common.event.Op;
import io.csgate.gateway.replica.Unavailable;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.ApiClient.Answer;
import io.csgate.gateway.testing.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport tier: the real Undertow, routes, command handlers and websocket / long-poll stack
 * on an {@link InMemoryLog}, with the JDK's HTTP and websocket clients. No Kafka: what these tests
 * check is the way from a request to a socket and back, not the log.
 */
class TransportTierTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private TransportGateway gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static List<Op> ops(List<Envelope> events) {
        return events.stream().map(Envelope::op).toList();
    }

    private static String connect(ApiClient api, String user, List<String> channels) {
        Answer a = api.post("/connect", Map.of("username", user, "channels", channels));
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        return a.json().get("conn_id").asText();
    }

    @Test
    void connectSubscribeAndMessageReachARealWebsocketInLogOrder() {
        gateway = TransportGateway.start();
        ApiClient api = gateway.client();
        String connId = connect(api, "alice", List.of());
        try (WsClient ws = api.websocket(gateway.wsBase(), connId)) {
            Answer sub = api.post("/subscribe", Map.of("conn_id", connId, "channels", List.of("room")));
            assertThat(sub.status()).as(sub.text()).isEqualTo(200);
            assertThat(sub.json().get("channels").toString()).contains("room");

            Answer msg = api.post("/message", List.of(Map.of("channel", "room", "user", "bob",
                    "message", Map.of("text", "hello over the transport tier"))));
            assertThat(msg.status()).as(msg.text()).isEqualTo(200);

            JsonNode delivered = ws.nextMatching(n -> n.isArray() && n.size() > 0
                    && "message".equals(n.get(0).path("type").asText()), WAIT).get(0);
            assertThat(delivered.get("channel").asText()).isEqualTo("room");
            assertThat(delivered.get("user").asText()).isEqualTo("bob");
            assertThat(delivered.get("message").get("text").asText()).isEqualTo("hello over the transport tier");
        }
        // the events went through the log boundary, in request order; this gateway owned the
        // connection, so attaching the socket produced nothing
        assertThat(ops(gateway.log.events())).startsWith(Op.CONNECT, Op.SUBSCRIBE, Op.MESSAGE);
    }

    @Test
    void theClientClosingItsSocketProducesTheDisconnect() {
        gateway = TransportGateway.start();
        ApiClient api = gateway.client();
        String connId = connect(api, "carol", List.of("room"));
        WsClient ws = api.websocket(gateway.wsBase(), connId);
        Awaitility.await().atMost(WAIT).until(() -> gateway.hub.isLocal(UUID.fromString(connId)));
        ws.close();
        Awaitility.await().atMost(WAIT).until(() -> ops(gateway.log.events()).contains(Op.DISCONNECT));
        Envelope disconnect = gateway.log.events().stream().filter(e -> e.op() == Op.DISCONNECT).findFirst()
                .orElseThrow();
        assertThat(disconnect.body().get("conn_id").asText()).isEqualTo(connId);
        assertThat(disconnect.origin()).isEqualTo(TransportGateway.GATEWAY_ID);
    }

    @Test
    void aSocketWithoutAValidConnIdIsClosedWith1008AndCounted() {
        gateway = TransportGateway.start();
        try (WsClient ws = gateway.client().websocket(gateway.wsBase(), "not-a-uuid")) {
            assertThat(ws.closeCode(WAIT)).isEqualTo(1008);
        }
        assertThat(gateway.closeReasons).containsExactly("bad_conn_id");
    }

    @Test
    void aSocketForAnUnknownConnectionIsClosedWith1000AndCounted() {
        gateway = TransportGateway.start(Map.of("publish_timeout", "1"));
        try (WsClient ws = gateway.client().websocket(gateway.wsBase(), UUID.randomUUID().toString())) {
            assertThat(ws.closeCode(WAIT)).isEqualTo(1000);
        }
        assertThat(gateway.closeReasons).containsExactly("normal");
    }

    @Test
    void aLongPollReturnsWithTheMessageThatArrivedWhileItWaited() throws Exception {
        gateway = TransportGateway.start();
        ApiClient api = gateway.client();
        String connId = connect(api, "dave", List.of("poll-room"));
        CompletableFuture<Answer> poll = CompletableFuture.supplyAsync(
                () -> api.call("GET", "/listen?conn_id=" + connId, null, false));
        Awaitility.await().atMost(WAIT).until(() -> gateway.hub.isLocal(UUID.fromString(connId)));
        assertThat(poll).isNotDone();
        assertThat(api.post("/message", List.of(Map.of("channel", "poll-room", "user", "erin",
                "message", Map.of("text", "for the poll")))).status()).isEqualTo(200);
        Answer answer = poll.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.text()).contains("for the poll");
    }

    @Test
    void invalidInputIsA422AndNothingIsProduced() {
        gateway = TransportGateway.start();
        Answer a = gateway.client().post("/connect", Map.of("channels", List.of("room")));
        assertThat(a.status()).as(a.text()).isEqualTo(422);
        assertThat(a.json().has("username")).as(a.text()).isTrue();
        assertThat(gateway.log.events()).isEmpty();
    }

    @Test
    void anEventTheReplicaRejectsWhenApplyingIsA422ForItsCaller() {
        gateway = TransportGateway.start();
        String unknown = UUID.randomUUID().toString();
        Answer a = gateway.client().post("/subscribe", Map.of("conn_id", unknown, "channels", List.of("room")));
        assertThat(a.status()).as(a.text()).isEqualTo(422);
        assertThat(a.json().has("conn_id")).as(a.text()).isTrue();
    }

    @Test
    void anUnsignedCommandIsRefusedBeforeItReachesTheLog() {
        gateway = TransportGateway.start();
        Answer a = gateway.client().call("POST", "/message", List.of(Map.of("channel", "room", "user", "x",
                "message", Map.of("text", "no signature"))), false);
        assertThat(a.status()).as(a.text()).isIn(401, 403);
        assertThat(gateway.log.events()).isEmpty();
    }

    @Test
    void aLogThatRefusesTheEventIsA503WithTheReason() {
        gateway = TransportGateway.start();
        gateway.log.refuse(new Unavailable("Kafka did not accept the event: broker gone"));
        Answer a = gateway.client().post("/message", List.of(Map.of("channel", "room", "user", "x",
                "message", Map.of("text", "refused"))));
        assertThat(a.status()).as(a.text()).isEqualTo(503);
        assertThat(a.json().get("error").asText()).isEqualTo("service unavailable");
        assertThat(a.json().get("reason").asText()).contains("broker gone");
    }

    @Test
    void anEventAcknowledgedButNotAppliedWithinThePublishTimeoutIsA503() {
        gateway = TransportGateway.start(Map.of("publish_timeout", "1"));
        gateway.log.hold();
        Answer a = gateway.client().post("/connect", Map.of("username", "late", "channels", List.of("room")));
        assertThat(a.status()).as(a.text()).isEqualTo(503);
        assertThat(a.json().get("reason").asText()).contains("not applied within 1000 ms");
        assertThat(ops(gateway.log.events())).containsExactly(Op.CONNECT); // acknowledged: it may still take effect
        gateway.log.release();
        Awaitility.await().atMost(WAIT).until(() -> gateway.log.call(() -> gateway.model.userCount()).join() == 1);
    }
}
