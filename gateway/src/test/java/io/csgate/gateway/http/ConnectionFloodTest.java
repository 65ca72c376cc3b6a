package io.csgate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.csgate.common.event.Envelope;
import io.csgate.common.event.EventCodec;
import io.csgate.common.event.Op;
import io.csgate.common.event.Topics;
import io.csgate.common.json.Json;
import io.csgate.common.sign.RecordSigner;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.HalfOpenClients;
import io.csgate.gateway.testing.RawHttp;
import io.csgate.gateway.testing.TestGateway;
import io.csgate.gateway.testing.WsClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16, C1 at full scale, as the probe did it: 20,000 connections from two child processes
 * (one process holds at most ~19,900 sockets) each send half a websocket upgrade and then nothing,
 * against a gateway and its embedded broker in this JVM, whose open-file limit is 20,000. The
 * gateway keeps what max_connections (derived from that limit) allows, refuses the rest at
 * accept, and stays alive with its broker: publishing reaches a websocket during the flood (over a
 * connection opened before it, and straight through Kafka) and after it, once header_timeout has
 * closed the half-open connections. Runs in a JVM of its own (surefire execution "flood").
 */
@Tag("flood")
@ExtendWith(EmbeddedKafkaExtension.class)
class ConnectionFloodTest {

    private static final int CHILDREN = 2;
    private static final int PER_CHILD = 10_000;
    private static final Duration WAIT = Duration.ofSeconds(120);
    /** Fields of a child's status. */
    private static final int OPENED = 0;
    private static final int OPEN = 1;
    private static final int REFUSED = 2;
    private static final int TIMED_OUT = 3;
    private static final Pattern STATUS = Pattern.compile(
            "STATUS opened=(\\d+) open=(\\d+) refused=(\\d+) timed_out=(\\d+) failed=(\\d+)");

    @Test
    void twentyThousandHalfOpenUpgradesLeaveTheGatewayAndItsBrokerServing() throws Exception {
        String topic = "flood-" + UUID.randomUUID();
        try (TestGateway g = TestGateway.start(topic, Map.of("header_timeout", "30",
                "management_port", "0", "management_host", "127.0.0.1"))) {
            int max = g.gateway().maxConnections();
            assertThat(max).as("derived from the open-file limit").isLessThan(CHILDREN * PER_CHILD);
            ApiClient api = g.client();
            ApiClient ops = new ApiClient("http://127.0.0.1:" + g.gateway().managementPort(), TestGateway.SECRET);
            String connId = api.post("/connect", Map.of("username", "watcher", "channels", List.of("flood"))).json()
                    .get("conn_id").asText();
            List<Child> children = new ArrayList<>();
            try (WsClient ws = api.websocket(g.wsUrl(), connId);
                 RawHttp backend = RawHttp.connect(g.url(), WAIT);
                 KafkaProducer<byte[], byte[]> producer = producer()) {
                publishOver(backend, api, "before");
                assertThat(ws.nextEvent(WAIT).get("message").get("text").asText()).isEqualTo("before");

                for (int i = 0; i < CHILDREN; i++) {
                    children.add(Child.start(g.gateway().port(), PER_CHILD, "127.0.1." + (i + 1)));
                }
                for (Child c : children) {
                    c.awaitOpened();
                }
                // the gateway holds what max_connections allows and refused the rest at accept
                await().atMost(WAIT).until(() -> sum(children, REFUSED) > 0);
                assertThat(g.gateway().openConnections()).isLessThanOrEqualTo(max);
                await().atMost(WAIT).until(() -> sum(children, OPEN) > max - 100); // held, half-open
                try (RawHttp late = RawHttp.connect(g.url(), WAIT)) {
                    assertThat(late.closedByServer()).as("a new connection while full").isTrue();
                }

                // during: the broker and the gateway live; publishing reaches the websocket
                assertThat(ops.call("GET", "/readyz", null, false).status()).isEqualTo(200);
                assertThat(publishOver(backend, api, "during, over REST").status()).isEqualTo(200);
                assertThat(ws.nextEvent(WAIT).get("message").get("text").asText()).isEqualTo("during, over REST");
                produce(producer, topic, "during, through Kafka");
                assertThat(ws.nextEvent(WAIT).get("message").get("text").asText()).isEqualTo("during, through Kafka");
                String metrics = ops.call("GET", "/metrics", null, false).text();
                assertThat(counter(metrics, "csgate_http_connections_refused_total")).isPositive();

                // after: header_timeout closes every half-open connection; new connections are served
                await().atMost(WAIT).until(() -> sum(children, OPEN) == 0);
                assertThat(sum(children, TIMED_OUT)).as("closed by header_timeout").isGreaterThan(max - 100);
                await().atMost(WAIT).until(() -> g.gateway().openConnections() < 20);
                assertThat(api.post("/message", List.of(Map.of("channel", "flood", "user", "bob",
                        "message", Map.of("text", "after"))))).extracting(ApiClient.Answer::status).isEqualTo(200);
                assertThat(ws.nextEvent(WAIT).get("message").get("text").asText()).isEqualTo("after");
                String second = api.post("/connect", Map.of("username", "late", "channels", List.of("flood"))).json()
                        .get("conn_id").asText();
                try (WsClient lateWs = api.websocket(g.wsUrl(), second)) {
                    api.post("/message", List.of(Map.of("channel", "flood", "user", "bob",
                            "message", Map.of("text", "to both"))));
                    assertThat(lateWs.nextEvent(WAIT).get("message").get("text").asText()).isEqualTo("to both");
                }
                // every refusal counted (a slow refusal may look like a timeout to a child, so at least)
                assertThat(counter(ops.call("GET", "/metrics", null, false).text(),
                        "csgate_http_connections_refused_total")).isBetween((double) sum(children, REFUSED) + 1,
                        (double) sum(children, OPENED) + 1);
            } finally {
                children.forEach(Child::stop);
            }
        }
    }

    private static long sum(List<Child> children, int field) {
        return children.stream().mapToLong(c -> c.status()[field]).sum();
    }

    private static double counter(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*listener=\"http\"[^}]*} ([0-9.E]+)$").matcher(metrics);
        assertThat(m.find()).as(name + " in\n" + metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static ApiClient.Answer publishOver(RawHttp connection, ApiClient api, String text) throws IOException {
        String body = Json.text(List.of(Map.of("channel", "flood", "user", "bob", "message", Map.of("text", text))));
        RawHttp.Answer a = connection.send("POST /message HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "X-Channelstream-Secret: " + api.sign("channelstream") + "\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).read();
        return new ApiClient.Answer(a.status(), null, a.body(), "");
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaExtension.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void produce(KafkaProducer<byte[], byte[]> producer, String topic, String text) throws Exception {
        byte[] value = EventCodec.encode(Envelope.of(UUID.randomUUID().toString(), Op.MESSAGE, Instant.now(),
                "flood-test", Json.tree(List.of(Map.of("channel", "flood", "user", "queue",
                        "message", Map.of("text", text))))));
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, value);
        r.headers().add(Topics.SIGNATURE_HEADER, new RecordSigner(TestGateway.SECRET).signBytes(value));
        producer.send(r).get(60, TimeUnit.SECONDS);
    }

    /** One {@link HalfOpenClients} process and its latest status line. */
    private static final class Child {
        private final Process process;
        private final Object lock = new Object();
        private long[] status = new long[5];
        private boolean opened;

        private Child(Process process) {
            this.process = process;
            Thread reader = new Thread(this::read, "flood-child-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(int port, int count, String source) throws IOException {
            String java = ProcessHandle.current().info().command().orElse(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString());
            String classes;
            try {
                classes = Path.of(HalfOpenClients.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                        .toString();
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            Process p = new ProcessBuilder(java, "-Xmx96m", "-XX:+UseSerialGC", "-cp", classes,
                    HalfOpenClients.class.getName(), "127.0.0.1", Integer.toString(port), Integer.toString(count), source)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new Child(p);
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    Matcher m = STATUS.matcher(line);
                    synchronized (lock) {
                        if (line.startsWith("OPENED ")) {
                            opened = true;
                        } else if (m.matches()) {
                            long[] s = new long[5];
                            for (int i = 0; i < 5; i++) {
                                s[i] = Long.parseLong(m.group(i + 1));
                            }
                            status = s;
                        }
                        lock.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the child went away
            }
        }

        void awaitOpened() throws InterruptedException {
            long end = System.nanoTime() + WAIT.toNanos();
            synchronized (lock) {
                while (!opened) {
                    long left = end - System.nanoTime();
                    if (left <= 0 || !process.isAlive()) {
                        throw new AssertionError("flood child " + process.pid() + " did not open its connections");
                    }
                    lock.wait(Math.max(1, left / 1_000_000));
                }
            }
        }

        /** opened, open, refused, timed out, failed to connect. */
        long[] status() {
            synchronized (lock) {
                return status.clone();
            }
        }

        void stop() {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }

}
