package io.csgate.gateway.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The documented record format is enough for another language: the example producer of
 * docs/producers.md ({@code examples/producers/python/produce.py}, confluent-kafka) publishes to
 * a running gateway and a websocket client receives the message; with the wrong secret nothing
 * arrives. Skipped where Python or confluent-kafka is missing, except under CI ({@code CI} set),
 * where that fails the test: CI installs {@code python3-confluent-kafka}.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class PythonProducerTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SCRIPT = Path.of("../examples/producers/python/produce.py").toAbsolutePath().normalize();
    private static final String TOPIC = "producers-python-" + UUID.randomUUID();
    private static final String KEY_SECRET = "py-worker-s3cret";
    private static TestGateway gateway;

    record Result(int exit, String output) {}

    @BeforeAll
    static void start() throws Exception {
        boolean available = new File(PYTHON).canExecute()
                && run(Map.of(), PYTHON, "-c", "import confluent_kafka").exit() == 0;
        if (System.getenv("CI") == null) {
            assumeTrue(available, PYTHON + " with confluent_kafka is needed (apt-get install python3-confluent-kafka)");
        } else {
            assertThat(available).as("CI must install python3-confluent-kafka").isTrue();
        }
        assertThat(SCRIPT).exists();
        gateway = TestGateway.start(TOPIC, Map.of("producer_keys", "py-worker:" + KEY_SECRET));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static Result produce(Room room, String secret, String... texts) throws Exception {
        return produce(room, secret, List.of(), texts);
    }

    private static Result produce(Room room, String secret, List<String> options, String... texts) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(PYTHON, SCRIPT.toString(),
                "--channel", room.channel, "--user", "python-worker", "--timeout", "20"));
        cmd.addAll(options);
        for (String t : texts) {
            cmd.add("--text");
            cmd.add(t);
        }
        return run(Map.of("CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS", EmbeddedKafkaExtension.bootstrapServers(),
                "CHANNELSTREAM_KAFKA_TOPIC", TOPIC, "CHANNELSTREAM_SECRET", secret), cmd.toArray(String[]::new));
    }

    @Test
    void thePythonExampleReachesAWebsocketClient() throws Exception {
        try (Room room = Room.open(gateway)) {
            Result r = produce(room, TestGateway.SECRET, "hello from python", "ünïcödé ☃");
            assertThat(r.exit()).as(r.output()).isZero();
            List<JsonNode> got = room.next(2);
            assertThat(got).extracting(m -> m.get("message").get("text").asText())
                    .containsExactly("hello from python", "ünïcödé ☃");
            assertThat(got.get(0).get("user").asText()).isEqualTo("python-worker");
            assertThat(got.get(0).get("type").asText()).isEqualTo("message");
            assertThat(r.output()).contains("published message " + got.get(0).get("uuid").asText());
        }
    }

    @Test
    void withTheWrongSecretNothingIsDeliveredAndTheGatewayCountsIt() throws Exception {
        try (Room room = Room.open(gateway)) {
            double before = Metrics.rejected(gateway, "signature");
            Result forged = produce(room, "wrong-secret", "forged");
            assertThat(forged.exit()).as(forged.output()).isZero();
            assertThat(produce(room, TestGateway.SECRET, "genuine").exit()).isZero();
            assertThat(room.next().get("message").get("text").asText()).isEqualTo("genuine");
            assertThat(Metrics.rejected(gateway, "signature")).isGreaterThanOrEqualTo(before + 1);
        }
    }

    @Test
    void aProducerKeyOfItsOwnIsNamedInTheSignature() throws Exception {
        try (Room room = Room.open(gateway)) {
            double unknown = Metrics.rejected(gateway, "unknown_key");
            Result r = produce(room, KEY_SECRET, List.of("--key-name", "py-worker"), "signed with my own key");
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(room.next().get("message").get("text").asText()).isEqualTo("signed with my own key");
            // a name the gateway does not know is refused, whatever the secret
            assertThat(produce(room, KEY_SECRET, List.of("--key-name", "someone-else"), "who?").exit()).isZero();
            assertThat(produce(room, TestGateway.SECRET, "genuine").exit()).isZero();
            assertThat(room.next().get("message").get("text").asText()).isEqualTo("genuine");
            assertThat(Metrics.rejected(gateway, "unknown_key")).isGreaterThanOrEqualTo(unknown + 1);
        }
    }

    private static Result run(Map<String, String> env, String... command) throws Exception {
        Path log = Files.createTempFile("produce", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
