package io.csgate.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.json.Json;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import io.csgate.ingest.IngestContext;
import io.csgate.ingest.IngestMain;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Bursts against a real gateway on the embedded broker, sent at full speed by the ingest CLI:
 * subscribers that read (JDK and Python websocket clients) get every event in order and keep
 * their connection, however small their kernel buffers; subscribers that stop reading are closed
 * within their budget (bytes, or time without progress), and the bytes waiting for them stay
 * bounded; a client that floods pings and never reads costs one answer.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class BurstTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    private static String connect(ApiClient api, String room) {
        ApiClient.Answer a = api.post("/connect", Map.of("username", "u-" + UUID.randomUUID(), "channels", List.of(room)));
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        return a.json().get("conn_id").asText();
    }

    /** {@code ingest send} of {@code count} messages {"seq": i, "pad": …} to {@code room}, in this JVM. */
    private void cliBurst(String topic, String room, int count, int pad) throws IOException {
        Path file = dir.resolve("burst-" + room + ".jsonl");
        String padding = "p".repeat(pad);
        Files.writeString(file, IntStream.range(0, count)
                .mapToObj(i -> "{\"channel\":\"" + room + "\",\"user\":\"cli\",\"message\":{\"seq\":" + i
                        + ",\"pad\":\"" + padding + "\"}}")
                .collect(Collectors.joining("\n", "", "\n")));
        CommandLine cl = IngestMain.commandLine(IngestContext.of(Map.of(
                "CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS", EmbeddedKafkaExtension.bootstrapServers(),
                "CHANNELSTREAM_KAFKA_TOPIC", topic,
                "CHANNELSTREAM_SECRET", TestGateway.SECRET)));
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("send", file.toString())).as(err.toString()).isZero();
    }

    /** A value of the gateway's Prometheus text: the first line of {@code name} with {@code labels}. */
    static double metric(TestGateway gw, String name, String labels) {
        ApiClient.Answer a = gw.client().call("GET", "/metrics", null, false);
        assertThat(a.status()).isEqualTo(200);
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)$", Pattern.MULTILINE)
                .matcher(a.text());
        while (m.find()) {
            if (labels.isEmpty() || (m.group(1) != null && m.group(1).contains(labels))) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    static double slowCloses(TestGateway gw) {
        return metric(gw, "csgate_sessions_closed_total", "reason=\"slow\"");
    }

    /** Samples the bytes waiting for websockets every few milliseconds, keeping the largest. */
    static final class QueuedBytes implements AutoCloseable {
        final AtomicLong max = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        QueuedBytes(TestGateway gw) {
            thread = new Thread(() -> {
                while (running.get()) {
                    max.accumulateAndGet((long) metric(gw, "csgate_websocket_queued_bytes", ""), Math::max);
                    try {
                        TimeUnit.MILLISECONDS.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "queued-bytes-sampler");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }

    private static boolean pythonAvailable() throws Exception {
        if (!new File(PYTHON).canExecute()) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON, "-c", "import websocket").redirectErrorStream(true).start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /** A Python subscriber process (reading at most {@code bytesPerSecond}, 0: as fast as it can), open once it says so. */
    private static Process python(TestGateway gw, String connId, int expected, int receiveBuffer, int bytesPerSecond)
            throws IOException {
        Path script = Path.of("src/test/python/burst_client.py").toAbsolutePath();
        Process p = new ProcessBuilder(PYTHON, script.toString(), gw.wsUrl(), connId, Integer.toString(expected),
                Integer.toString(receiveBuffer), Integer.toString(bytesPerSecond)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertThat(first).as("the Python client opened its websocket").isEqualTo("open");
        return p;
    }

    private static JsonNode result(Process p) throws Exception {
        assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the Python client finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.exitValue()).as(out).isZero();
        return Json.parse(out.substring(out.lastIndexOf('\n') + 1));
    }

    @Test
    void fastSubscribersGetEveryEventOfAFullSpeedCliBurstInOrderAndNoneIsClosed() throws Exception {
        String topic = "burst-fast-" + UUID.randomUUID();
        int messages = 40_000;
        // a budget far below the burst (about 17 MB per subscriber) and clients with small kernel
        // buffers: only coalescing and holding the log back keep them connected
        try (TestGateway gw = TestGateway.start(topic, Map.of("max_queued_bytes", "4194304",
                "heartbeat_interval", "60"))) {
            ApiClient api = gw.client();
            String room = "burst-" + UUID.randomUUID().toString().substring(0, 8);
            List<Subscriber> jdk = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                jdk.add(Subscriber.open(gw.wsUrl(), connect(api, room)));
            }
            List<Process> py = new ArrayList<>();
            if (pythonAvailable()) {
                for (int i = 0; i < 2; i++) {
                    py.add(python(gw, connect(api, room), messages, 16 * 1024, 0));
                }
                // a steady reader far slower than the burst (17 MB at 1 MB/s): it keeps its
                // connection only because the gateway holds the log back while it catches up
                py.add(python(gw, connect(api, room), messages, 16 * 1024, 1_000_000));
            } else {
                assertThat(System.getenv("CI")).as("CI must install python3-websocket (.ci/run)").isNull();
            }
            try {
                cliBurst(topic, room, messages, 200);
                await().atMost(WAIT).until(() -> jdk.stream().allMatch(s -> s.received.get() >= messages
                        || s.closed.isDone()));
                for (Subscriber s : jdk) {
                    assertThat(s.closed).as("a fast subscriber was closed").isNotDone();
                    assertThat(s.received.get()).isEqualTo(messages);
                    assertThat(s.inOrder.get()).as("in order").isTrue();
                    assertThat(s.frames.get()).as("events waiting together left together").isLessThan(messages);
                }
                for (Process p : py) {
                    JsonNode r = result(p);
                    assertThat(r.get("close_code").isNull()).as(r.toString()).isTrue();
                    assertThat(r.get("received").intValue()).as(r.toString()).isEqualTo(messages);
                    assertThat(r.get("in_order").booleanValue()).as(r.toString()).isTrue();
                }
                assertThat(slowCloses(gw)).isZero();
            } finally {
                jdk.forEach(Subscriber::close);
                py.forEach(Process::destroyForcibly);
            }
        }
    }

    @Test
    void stalledSubscribersAreClosedWithinTheirBudgetWhileTheOthersGetEverything() throws Exception {
        String topic = "burst-stalled-" + UUID.randomUUID();
        int budget = 4 * 1_048_576;
        int messages = 20_000; // about 19 MB per subscriber: far more than a stalled one may hold
        try (TestGateway gw = TestGateway.start(topic, Map.of("max_queued_bytes", Integer.toString(budget),
                "heartbeat_interval", "60"))) {
            ApiClient api = gw.client();
            String room = "burst-" + UUID.randomUUID().toString().substring(0, 8);
            List<Subscriber> fast = new ArrayList<>();
            List<RawClient> stalled = new ArrayList<>();
            try (QueuedBytes queued = new QueuedBytes(gw)) {
                for (int i = 0; i < 3; i++) {
                    fast.add(Subscriber.open(gw.wsUrl(), connect(api, room)));
                    stalled.add(new RawClient(gw.url(), connect(api, room), 4096));
                }
                cliBurst(topic, room, messages, 700);
                await().atMost(WAIT).until(() -> fast.stream().allMatch(s -> s.received.get() >= messages
                        || s.closed.isDone()));
                await().atMost(WAIT).until(() -> slowCloses(gw) >= 3);
                for (Subscriber s : fast) {
                    assertThat(s.closed).as("a fast subscriber was closed").isNotDone();
                    assertThat(s.received.get()).isEqualTo(messages);
                    assertThat(s.inOrder.get()).isTrue();
                }
                assertThat(slowCloses(gw)).isEqualTo(3);
                // every socket holds at most its budget and what one delivery adds before the
                // write that checks it; without the budget the stalled three alone would hold
                // three times what their kernel buffers could not take (about 55 MB)
                await().atMost(WAIT).until(() -> metric(gw, "csgate_websocket_queued_bytes", "") == 0);
                assertThat(queued.max.get()).as("bytes waiting at most").isPositive()
                        .isLessThanOrEqualTo(6L * (budget + 1_048_576));
            } finally {
                fast.forEach(Subscriber::close);
            }
            for (RawClient c : stalled) {
                int events = 0;
                for (RawClient.Wire w : c.readToEnd()) { // the server ended the stream
                    if (w.opcode() == WireFrames.OP_TEXT) {
                        events += Json.parse(w.payload()).size();
                    } else if (w.opcode() == WireFrames.OP_CLOSE) {
                        // there when it was read within the close's grace period
                        assertThat(w.closeCode()).isEqualTo(4001);
                        assertThat(w.closeReason()).matches("slow consumer: \\d+ bytes queued, limit " + budget
                                + ", \\d+\\.\\d s without progress");
                    }
                }
                assertThat(events).as("it got what the kernel held, then nothing more").isLessThan(messages);
                c.close();
            }
        }
    }

    @Test
    void aSubscriberThatTakesNothingIsClosedAfterSlowConsumerAfterWithAReasonThatSaysWhy() throws Exception {
        String topic = "burst-idle-" + UUID.randomUUID();
        try (TestGateway gw = TestGateway.start(topic, Map.of("slow_consumer_after", "1",
                "heartbeat_interval", "60"))) {
            ApiClient api = gw.client();
            String room = "burst-" + UUID.randomUUID().toString().substring(0, 8);
            try (RawClient stalled = new RawClient(gw.url(), connect(api, room), 4096);
                 Subscriber fast = Subscriber.open(gw.wsUrl(), connect(api, room))) {
                // far below max_queued_bytes (32 MiB), but more than the kernel holds for it
                int messages = 8_000;
                cliBurst(topic, room, messages, 700);
                await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> slowCloses(gw) >= 1);
                // reading now, within the close's grace period, the client gets what was written
                // before, the frame being written, and the close
                List<RawClient.Wire> frames = stalled.readToEnd();
                RawClient.Wire close = frames.get(frames.size() - 1);
                assertThat(close.opcode()).isEqualTo(WireFrames.OP_CLOSE);
                assertThat(close.closeCode()).isEqualTo(4001);
                Matcher m = Pattern.compile("slow consumer: (\\d+) bytes queued, limit 33554432, (\\d+\\.\\d) s without"
                        + " progress").matcher(close.closeReason());
                assertThat(m.matches()).as(close.closeReason()).isTrue();
                assertThat(Long.parseLong(m.group(1))).isPositive().isLessThan(32L << 20);
                assertThat(Double.parseDouble(m.group(2))).isGreaterThanOrEqualTo(1.0);
                await().atMost(WAIT).until(() -> fast.received.get() >= messages);
                assertThat(fast.inOrder.get()).isTrue();
                assertThat(fast.closed).isNotDone();
            }
        }
    }

    @Test
    void aClientThatFloodsPingsAndNeverReadsCostsOnlyTheLatestAnswer() throws Exception {
        // the client reads nothing for as long as it sends: slow_consumer_after must not end it first
        try (TestGateway gw = TestGateway.start("burst-ping-" + UUID.randomUUID(), Map.of("heartbeat_interval", "60",
                "slow_consumer_after", "600"))) {
            ApiClient api = gw.client();
            int pings = 100_000; // 13 MB of pings: more answers than the kernel buffers could hold
            try (QueuedBytes queued = new QueuedBytes(gw);
                 RawClient flood = new RawClient(gw.url(), connect(api, "pings-" + UUID.randomUUID()), 4096)) {
                byte[] pad = "x".repeat(118).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < pings; i++) {
                    byte[] payload = (String.format("%07d", i) + new String(pad, StandardCharsets.US_ASCII))
                            .getBytes(StandardCharsets.US_ASCII);
                    flood.send(ClientFrameReaderTest.frame(true, WireFrames.OP_PING, payload, true));
                }
                flood.send(ClientFrameReaderTest.frame(true, WireFrames.OP_PING, "last".getBytes(StandardCharsets.US_ASCII), true));
                flood.send(ClientFrameReaderTest.close(1000, "done"));
                flood.flush();
                List<RawClient.Wire> frames = flood.readToEnd();
                List<RawClient.Wire> pongs = frames.stream().filter(w -> w.opcode() == WireFrames.OP_PONG).toList();
                assertThat(pongs).as("answers").isNotEmpty().hasSizeLessThan(pings);
                assertThat(new String(pongs.get(pongs.size() - 1).payload(), StandardCharsets.US_ASCII)).isEqualTo("last");
                assertThat(frames.get(frames.size() - 1).opcode()).isEqualTo(WireFrames.OP_CLOSE);
                assertThat(queued.max.get()).as("bytes waiting at most").isLessThanOrEqualTo(64 * 1024);
            }
        }
    }
}
