package io.csgate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.csgate.gateway.config.GatewayConfig;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.RawHttp;
import io.csgate.gateway.testing.TestGateway;
import io.csgate.gateway.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16, C1 at small scale: beyond max_connections a new connection is closed at accept, while
 * the open ones (HTTP and websockets) carry on; a freed slot is usable again. The full-scale run
 * (20,000 connections from child processes) is {@code ConnectionFloodTest}.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ConnectionLimitTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void connectionsBeyondTheLimitAreClosedAtAcceptAndTheOthersCarryOn() throws Exception {
        try (TestGateway g = TestGateway.start("limit-" + UUID.randomUUID(), Map.of("max_connections", "12",
                "keepalive_timeout", "120", "management_port", "0"))) {
            assertThat(g.gateway().maxConnections()).isEqualTo(12);
            ApiClient api = g.client();
            String connId = api.post("/connect", Map.of("username", "u", "channels", List.of("full"))).json()
                    .get("conn_id").asText();
            List<RawHttp> held = new ArrayList<>();
            try (WsClient ws = api.websocket(g.wsUrl(), connId)) {
                // the api client's pooled connection and the websocket take slots too; fill the rest,
                // one accepted connection at a time
                for (int before = g.gateway().openConnections(); before < 12; before = g.gateway().openConnections()) {
                    held.add(RawHttp.connect(g.url(), Duration.ofSeconds(2)));
                    int expected = before + 1;
                    await().atMost(WAIT).until(() -> g.gateway().openConnections() == expected);
                }
                RawHttp keptAlive = held.get(0);

                // full: a new connection is closed straight away, without an answer
                try (RawHttp refused = RawHttp.connect(g.url(), WAIT)) {
                    try {
                        refused.send("GET /static/site.css HTTP/1.1\r\nHost: x\r\n\r\n");
                    } catch (java.io.IOException closedAlready) {
                        // the close can beat the request
                    }
                    assertThat(refused.closedByServer()).isTrue();
                }
                // what is open carries on: HTTP on an open connection, frames to the websocket
                assertThat(keptAlive.send("GET /static/site.css HTTP/1.1\r\nHost: x\r\n\r\n").read().status())
                        .isEqualTo(200);
                ApiClient.Answer published = publishOver(keptAlive, api, "while full");
                assertThat(published.status()).isEqualTo(200);
                assertThat(ws.nextEvent(WAIT).get("message").get("text").asText()).isEqualTo("while full");
                // the management listener has connections of its own
                assertThat(new ApiClient("http://127.0.0.1:" + g.gateway().managementPort(), TestGateway.SECRET)
                        .call("GET", "/metrics", null, false).text())
                        .containsPattern("csgate_http_connections_refused_total\\{[^}]*listener=\"http\"[^}]*} [1-9]")
                        .containsPattern("csgate_http_connections\\{[^}]*listener=\"http\"[^}]*} 12\\.0");

                // a freed slot is taken again
                held.remove(held.size() - 1).close();
                await().atMost(WAIT).until(() -> g.gateway().openConnections() < 12);
                try (RawHttp again = RawHttp.connect(g.url(), WAIT)) {
                    assertThat(again.send("GET /static/site.css HTTP/1.1\r\nHost: x\r\n\r\n").read().status())
                            .isEqualTo(200);
                }
            } finally {
                for (RawHttp c : held) {
                    c.close();
                }
            }
        }
    }

    private static ApiClient.Answer publishOver(RawHttp connection, ApiClient api, String text) throws Exception {
        String body = "[{\"channel\":\"full\",\"user\":\"bob\",\"message\":{\"text\":\"" + text + "\"}}]";
        RawHttp.Answer a = connection.send("POST /message HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "X-Channelstream-Secret: " + api.sign("channelstream") + "\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body).read();
        return new ApiClient.Answer(a.status(), null, a.body(), a.headers().getOrDefault("content-type", ""));
    }

    @Test
    void theDefaultLimitLeavesFileDescriptorsForKafka() {
        long fds = ConnectionLimit.fileDescriptorLimit();
        assertThat(ConnectionLimit.resolve(0, 20_000, GatewayConfig.RESERVED_FILE_DESCRIPTORS)).isEqualTo(19_000);
        assertThat(ConnectionLimit.resolve(0, 500, GatewayConfig.RESERVED_FILE_DESCRIPTORS))
                .isEqualTo(ConnectionLimit.MIN_DERIVED);
        assertThat(ConnectionLimit.resolve(0, -1, GatewayConfig.RESERVED_FILE_DESCRIPTORS))
                .isEqualTo(ConnectionLimit.FALLBACK_MAX);
        assertThat(ConnectionLimit.resolve(700, 20_000, GatewayConfig.RESERVED_FILE_DESCRIPTORS)).isEqualTo(700);
        // this JVM's own limit, as the gateway reads it (Linux: the process's RLIMIT_NOFILE)
        assertThat(fds).isGreaterThan(GatewayConfig.RESERVED_FILE_DESCRIPTORS);
        try (TestGateway g = TestGateway.start()) {
            assertThat(g.gateway().maxConnections())
                    .isEqualTo(ConnectionLimit.resolve(0, fds, GatewayConfig.RESERVED_FILE_DESCRIPTORS));
        }
    }
}
