package io.csgate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.RawHttp;
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
 * Issue 16, C1: a connection that stalls mid-request is closed (header_timeout, body_timeout,
 * keepalive_timeout), while websockets and long polls that outlive every one of those timeouts
 * are not touched. Short timeouts here; the defaults close within a minute.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ReadTimeoutsTest {

    /** Far longer than the configured timeouts (1-2 s): only a gateway that never closes fails it. */
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("timeouts-" + UUID.randomUUID(), Map.of(
                "header_timeout", "1", "body_timeout", "1", "keepalive_timeout", "2",
                "heartbeat_interval", "0.5", "wake_connections_after", "4"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void halfSentHeadersAreClosed() throws Exception {
        try (RawHttp c = RawHttp.connect(gateway.url(), PATIENCE)) {
            c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void aHalfSentWebsocketUpgradeIsClosed() throws Exception {
        try (RawHttp c = RawHttp.connect(gateway.url(), PATIENCE)) {
            c.send("GET /ws?conn_id=" + UUID.randomUUID() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void headersSentAByteAtATimeAreClosedAtTheDeadlineNotKeptAlive() throws Exception {
        try (RawHttp c = RawHttp.connect(gateway.url(), Duration.ofMillis(300))) {
            byte[] request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            boolean closed = false;
            for (int i = 0; i < request.length && !closed && System.nanoTime() < deadline; i++) {
                try {
                    c.send(new byte[] {request[i]});
                } catch (java.io.IOException e) {
                    closed = true;
                    break;
                }
                closed = c.closedByServer(); // waits 300 ms per byte: the whole request takes ~20 s
            }
            assertThat(closed).as("closed before the slow request was complete").isTrue();
        }
    }

    @Test
    void aStalledBodyIsClosedAndCounted() throws Exception {
        ApiClient api = gateway.client();
        try (RawHttp c = RawHttp.connect(gateway.url(), PATIENCE)) {
            c.send("POST /message HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "X-Channelstream-Secret: " + api.sign("channelstream") + "\r\nContent-Length: 1000\r\n\r\n[");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(metrics()).containsPattern("csgate_http_requests_refused_total\\{[^}]*reason=\"body_timeout\"[^}]*} [1-9]");
    }

    @Test
    void aStalledChunkedBodyIsClosed() throws Exception {
        try (RawHttp c = RawHttp.connect(gateway.url(), PATIENCE)) {
            c.send("POST /info HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"inf");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void aSilentConnectionIsClosed() throws Exception {
        try (RawHttp c = RawHttp.connect(gateway.url(), PATIENCE)) {
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void aKeptAliveConnectionServesRequestsThenClosesWhenIdle() throws Exception {
        try (RawHttp c = RawHttp.connect(gateway.url(), PATIENCE)) {
            for (int i = 0; i < 3; i++) {
                assertThat(c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").read().status()).isEqualTo(200);
            }
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void websocketsAndLongPollsOutliveEveryTimeout() throws Exception {
        ApiClient api = gateway.client();
        String connId = api.post("/connect", Map.of("username", "patient", "channels", List.of("slow"))).json()
                .get("conn_id").asText();
        try (WsClient ws = api.websocket(gateway.wsUrl(), connId)) {
            // a long poll of another connection waits wake_connections_after (4 s), longer than any timeout
            String polled = api.post("/connect", Map.of("username", "poller", "channels", List.of("slow"))).json()
                    .get("conn_id").asText();
            ApiClient.Answer poll = api.call("GET", "/listen?conn_id=" + polled, null, false);
            assertThat(poll.status()).isEqualTo(200);
            // by now the socket has been idle on the client side for more than 4 s
            assertThat(ws.isClosed()).isFalse();
            api.post("/message", List.of(Map.of("channel", "slow", "user", "bob", "message", Map.of("text", "still here"))));
            assertThat(ws.nextEvent(PATIENCE).get("message").get("text").asText()).isEqualTo("still here");
        }
    }

    private static String metrics() {
        return gateway.client().call("GET", "/metrics", null, false).text();
    }
}
