package io.csgate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.csgate.common.json.Json;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.LogCapture;
import io.csgate.gateway.testing.RawHttp;
import io.csgate.gateway.testing.TestGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16, L4: a body over max_body_bytes, chunked or with a Content-Length, gets 413 with a JSON
 * body and one log line without a stack trace; the client reads the answer, not a TCP reset, even
 * when it sends the whole 100 MB before reading.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class BodyLimitTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MAX = 100_000;
    private static final long HUGE = 100L * 1024 * 1024;

    private static TestGateway start() {
        return TestGateway.start("bodies-" + UUID.randomUUID(), Map.of("max_body_bytes", Integer.toString(MAX)));
    }

    private static String signed(TestGateway g) {
        return "X-Channelstream-Secret: " + g.client().sign("channelstream") + "\r\n";
    }

    @Test
    void aHundredMegabyteChunkedBodyGets413JsonAndOneLogLine() throws Exception {
        try (TestGateway g = start(); LogCapture log = LogCapture.root();
             RawHttp c = RawHttp.connect(g.url(), WAIT)) {
            c.send("POST /message HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + signed(g)
                    + "Transfer-Encoding: chunked\r\n\r\n");
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> sendChunked(c, HUGE));
            RawHttp.Answer a = c.read();
            upload.get(WAIT.toSeconds(), TimeUnit.SECONDS); // the server read it all: no reset while sending
            c.expectCleanEnd();                                  // and closed with a FIN afterwards

            assertThat(a.status()).isEqualTo(413);
            assertThat(a.headers()).containsEntry("content-type", "application/json").containsEntry("connection", "close");
            assertThat(Json.parse(a.body())).isEqualTo(Json.tree(Map.of("error", "request entity too large",
                    "reason", "the body is larger than max_body_bytes (" + MAX + " bytes)")));
            List<ILoggingEvent> lines = log.events(Level.WARN);
            assertThat(lines).as("log lines at WARN and above").hasSize(1);
            assertThat(lines.get(0).getLoggerName()).endsWith("BodyLimitHandler");
            assertThat(lines.get(0).getFormattedMessage()).contains("POST /message", "max_body_bytes", "413");
            assertThat(lines.get(0).getThrowableProxy()).isNull();
            assertThat(log.events(Level.DEBUG)).noneMatch(e -> e.getThrowableProxy() != null);
        }
    }

    @Test
    void aDeclaredContentLengthOverTheLimitIsRefusedBeforeTheBodyAndDrained() throws Exception {
        try (TestGateway g = start(); RawHttp c = RawHttp.connect(g.url(), WAIT)) {
            c.send("POST /message HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + signed(g)
                    + "Content-Length: " + HUGE + "\r\n\r\n");
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> sendRaw(c, HUGE));
            RawHttp.Answer a = c.read();
            upload.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            c.expectCleanEnd();
            assertThat(a.status()).isEqualTo(413);
            assertThat(Json.parse(a.body()).get("error").asText()).isEqualTo("request entity too large");
        }
    }

    @Test
    void aClientThatStopsAfterTheAnswerGetsItToo() throws Exception {
        try (TestGateway g = start(); RawHttp c = RawHttp.connect(g.url(), WAIT)) {
            c.send("POST /info HTTP/1.1\r\nHost: x\r\n" + signed(g) + "Content-Length: " + (MAX + 1) + "\r\n\r\n{");
            assertThat(c.read().status()).isEqualTo(413);
        }
    }

    @Test
    void bodiesUpToTheLimitAreRead() throws Exception {
        try (TestGateway g = start()) {
            g.client().post("/connect", Map.of("username", "u", "channels", List.of("big")));
            String padding = "x".repeat(MAX - 200);
            String body = "[{\"channel\":\"big\",\"user\":\"u\",\"message\":{\"pad\":\"" + padding + "\"}}]";
            assertThat(body.length()).isLessThanOrEqualTo(MAX);
            try (RawHttp c = RawHttp.connect(g.url(), WAIT)) {
                RawHttp.Answer fixed = c.send("POST /message HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + signed(g) + "Content-Length: " + body.length() + "\r\n\r\n" + body).read();
                assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
                // chunked, in small pieces, on the same kept-alive connection
                c.send("POST /message HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + signed(g)
                        + "Transfer-Encoding: chunked\r\n\r\n");
                for (int i = 0; i < body.length(); i += 7000) {
                    String piece = body.substring(i, Math.min(body.length(), i + 7000));
                    c.send(Integer.toHexString(piece.length()) + "\r\n" + piece + "\r\n");
                }
                RawHttp.Answer chunked = c.send("0\r\n\r\n").read();
                assertThat(chunked.status()).as(chunked.body()).isEqualTo(200);
                assertThat(Json.parse(chunked.body()).get(0).get("message").get("pad").asText()).isEqualTo(padding);
            }
        }
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBody() throws Exception {
        try (TestGateway g = start(); RawHttp c = RawHttp.connect(g.url(), WAIT)) {
            String body = "{\"info\":{}}";
            RawHttp.Answer interim = c.send("POST /info HTTP/1.1\r\nHost: x\r\n" + signed(g)
                    + "Expect: 100-continue\r\nContent-Length: " + body.length() + "\r\n\r\n").read();
            assertThat(interim.status()).isEqualTo(100);
            assertThat(c.send(body).read().status()).isEqualTo(200);
        }
        try (TestGateway g = start(); RawHttp c = RawHttp.connect(g.url(), WAIT)) {
            // too large: refused at once, and the body is not waited for
            RawHttp.Answer refused = c.send("POST /info HTTP/1.1\r\nHost: x\r\n" + signed(g)
                    + "Expect: 100-continue\r\nContent-Length: " + (MAX + 1) + "\r\n\r\n").read();
            assertThat(refused.status()).isEqualTo(413);
        }
    }

    @Test
    void bodiesInFlightShareABudget() {
        BodyLimitHandler.Budget budget = new BodyLimitHandler.Budget(1000);
        assertThat(budget.take(600)).isTrue();
        assertThat(budget.take(600)).isFalse();
        assertThat(budget.held()).isEqualTo(600);
        budget.give(600);
        assertThat(budget.take(1000)).isTrue();
        assertThat(BodyLimitHandler.Budget.forHeap(10).limit()).isEqualTo(Runtime.getRuntime().maxMemory() / 8);
        assertThat(BodyLimitHandler.Budget.forHeap(Runtime.getRuntime().maxMemory()).limit())
                .isEqualTo(2 * Runtime.getRuntime().maxMemory());
    }

    @Test
    void aBodyThatWouldOverdrawTheSharedBudgetGets503AndTheOthersGoOn() throws Exception {
        Router router = new Router().add("POST", "/echo", exchange -> exchange.getRequestReceiver().receiveFullBytes(
                (ex, bytes) -> Responses.json(ex, 200, Map.of("length", bytes.length))));
        BodyLimitHandler.Budget budget = new BodyLimitHandler.Budget(1000);
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (HttpServer server = HttpServer.start(io.csgate.gateway.config.ConfigLoader.fromValues(
                        Map.of("host", "127.0.0.1", "port", "0")),
                Failures.guard(new BodyLimitHandler(10_000, Duration.ofSeconds(30), budget, registry, router)), null,
                registry);
             RawHttp slow = RawHttp.connect("http://127.0.0.1:" + server.port(), WAIT);
             RawHttp second = RawHttp.connect("http://127.0.0.1:" + server.port(), WAIT)) {
            String head = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 900\r\n\r\n";
            slow.send(head + "a".repeat(600));
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> budget.held() == 600);
            RawHttp.Answer busy = second.send(head + "b".repeat(600)).read();
            assertThat(busy.status()).isEqualTo(503);
            assertThat(Json.parse(busy.body()).get("error").asText()).isEqualTo("service unavailable");
            assertThat(registry.counter(io.csgate.gateway.metrics.Meters.HTTP_REQUESTS_REFUSED, "reason",
                    "bodies_busy").count()).isEqualTo(1.0);
            RawHttp.Answer done = slow.send("a".repeat(300)).read();
            assertThat(done.status()).isEqualTo(200);
            assertThat(done.body()).isEqualTo("{\"length\":900}");
            assertThat(budget.held()).isZero();
        }
    }

    private static void sendChunked(RawHttp c, long total) {
        byte[] chunk = new byte[1024 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
        try {
            for (long sent = 0; sent < total; sent += chunk.length) {
                c.send(head).send(chunk).send(crlf);
            }
            c.send("0\r\n\r\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the upload was cut off", e);
        }
    }

    private static void sendRaw(RawHttp c, long total) {
        byte[] chunk = new byte[1024 * 1024];
        try {
            for (long sent = 0; sent < total; sent += chunk.length) {
                c.send(chunk);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the upload was cut off", e);
        }
    }
}
