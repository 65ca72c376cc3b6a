package io.csgate.gateway.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import io.csgate.ingest.IngestContext;
import io.csgate.ingest.IngestMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ingest} against a running gateway on the embedded broker: every subcommand produces
 * signed records that the gateway verifies, applies and delivers to a websocket client.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class IngestCliEndToEndTest {

    private static final String TOPIC = "producers-cli-" + UUID.randomUUID();
    private static TestGateway gateway;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(TOPIC, Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    record Run(int exit, String out, String err) {}

    /** Runs the CLI in this JVM with the gateway's settings in the environment, as an operator would. */
    private static Run ingest(String... args) {
        IngestContext context = IngestContext.of(Map.of(
                "CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS", EmbeddedKafkaExtension.bootstrapServers(),
                "CHANNELSTREAM_KAFKA_TOPIC", TOPIC,
                "CHANNELSTREAM_SECRET", TestGateway.SECRET));
        CommandLine cl = IngestMain.commandLine(context);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void publishReachesAWebsocketClient() {
        try (Room room = Room.open(gateway)) {
            Run r = ingest("publish", "--channel", room.channel, "--user", "cli", "--message", "{\"text\":\"from the cli\"}");
            assertThat(r.exit()).as(r.err()).isZero();
            JsonNode msg = room.next();
            assertThat(msg.get("type").asText()).isEqualTo("message");
            assertThat(msg.get("channel").asText()).isEqualTo(room.channel);
            assertThat(msg.get("user").asText()).isEqualTo("cli");
            assertThat(msg.get("message").get("text").asText()).isEqualTo("from the cli");
            assertThat(r.out()).startsWith("published message " + msg.get("uuid").asText() + " to channel " + room.channel);
        }
    }

    @Test
    void aFileWithAnInvalidLineSendsNothingAndSkipInvalidSendsEveryValidLineInFileOrder() throws IOException {
        try (Room room = Room.open(gateway)) {
            String lines = IntStream.range(0, 250)
                    .mapToObj(i -> (i == 100 ? "{\"channel\":\"" + room.channel + "\"}\n" : "")
                            + "{\"channel\":\"" + room.channel + "\",\"user\":\"bulk\",\"message\":{\"n\":" + i + "}}")
                    .collect(Collectors.joining("\n", "", "\n"));
            Path file = dir.resolve("messages.jsonl");
            Files.writeString(file, lines);
            String invalid = "line 101: invalid message item: {\"user\":[\"Missing data for required field.\"]}"
                    + System.lineSeparator();

            Run checked = ingest("send", file.toString(), "--batch", "64");
            assertThat(checked.exit()).as("3: invalid input").isEqualTo(3);
            assertThat(checked.err()).isEqualTo(invalid);
            assertThat(checked.out()).startsWith("1 invalid lines in " + file + ": nothing sent (250 valid messages;");

            Run r = ingest("send", file.toString(), "--batch", "64", "--skip-invalid");
            assertThat(r.exit()).as("3: an invalid line was skipped").isEqualTo(3);
            assertThat(r.err()).isEqualTo(invalid);
            assertThat(r.out()).contains("sent 250 messages in 5 records", "250 acknowledged, 0 failed; 1 invalid lines");
            List<JsonNode> got = room.next(250);
            assertThat(got).as("only the second send's messages, all of them, in order")
                    .extracting(m -> m.get("message").get("n").asInt())
                    .containsExactlyElementsOf(IntStream.range(0, 250).boxed().toList());
            assertThat(got.stream().map(m -> m.get("uuid").asText()).distinct()).as("uuids derived per item").hasSize(250);
        }
    }

    @Test
    void editAndDeleteReachTheClientAndTheSecretMayComeFromAFile() throws IOException {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, TestGateway.SECRET + "\n");
        try (Room room = Room.open(gateway)) {
            String uuid = UUID.randomUUID().toString();
            assertThat(ingest("publish", "-c", room.channel, "-u", "cli", "--uuid", uuid, "-m", "{\"text\":\"tpyo\"}")
                    .exit()).isZero();
            assertThat(room.next().get("uuid").asText()).isEqualTo(uuid);

            Run edit = ingest("edit", "--uuid", uuid, "-c", room.channel, "-m", "{\"text\":\"typo\"}",
                    "--secret-file", secret.toString());
            assertThat(edit.exit()).as(edit.err()).isZero();
            JsonNode edited = room.next();
            assertThat(edited.get("type").asText()).isEqualTo("message:edit");
            assertThat(edited.get("uuid").asText()).isEqualTo(uuid);
            assertThat(edited.get("message").get("text").asText()).isEqualTo("typo");

            Run delete = ingest("delete", "--uuid", uuid, "-c", room.channel);
            assertThat(delete.exit()).as(delete.err()).isZero();
            JsonNode deleted = room.next();
            assertThat(deleted.get("type").asText()).isEqualTo("message:delete");
            assertThat(deleted.get("uuid").asText()).isEqualTo(uuid);
        }
    }

    @Test
    void userStateAndChannelConfigApply() {
        try (Room room = Room.open(gateway)) {
            Run state = ingest("user-state", "-u", room.user, "-s", "{\"mood\":\"sunny\"}", "--public-keys", "mood");
            assertThat(state.exit()).as(state.err()).isZero();
            JsonNode change = room.next();
            assertThat(change.get("type").asText()).isEqualTo("user_state_change");
            assertThat(change.get("user").asText()).isEqualTo(room.user);
            assertThat(change.toString()).contains("sunny");

            String created = room.channel + "-cfg";
            Run cfg = ingest("channel-config", "-c", created, "--store-history", "--history-size", "3");
            assertThat(cfg.exit()).as(cfg.err()).isZero();
            // the CLI returns once Kafka has the record; the gateway applies it a moment later
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode settings = gateway.client().post("/info", Map.of("info", Map.of("channels", List.of(created))))
                        .json().path("channels").path(created).path("settings");
                assertThat(settings.path("store_history").asBoolean()).isTrue();
                assertThat(settings.path("history_size").asInt()).isEqualTo(3);
            });
        }
    }

    @Test
    void aWrongSecretIsNotDeliveredAndTheCliCannotTellSoTheGatewayCountsIt() {
        try (Room room = Room.open(gateway)) {
            IngestContext wrong = IngestContext.of(Map.of(
                    "CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS", EmbeddedKafkaExtension.bootstrapServers(),
                    "CHANNELSTREAM_KAFKA_TOPIC", TOPIC,
                    "CHANNELSTREAM_SECRET", "not-the-secret"));
            CommandLine cl = IngestMain.commandLine(wrong);
            cl.setOut(new PrintWriter(new StringWriter()));
            assertThat(cl.execute("publish", "-c", room.channel, "-u", "mallory", "-m", "{\"text\":\"forged\"}"))
                    .as("Kafka acknowledged it; only gateways hold the secret to check").isZero();
            assertThat(ingest("publish", "-c", room.channel, "-u", "cli", "-m", "{\"text\":\"genuine\"}").exit()).isZero();
            JsonNode first = room.next();
            assertThat(first.get("message").get("text").asText()).isEqualTo("genuine");
        }
    }

    private static Run ingestWith(Map<String, String> env, String... args) {
        CommandLine cl = IngestMain.commandLine(IngestContext.of(env));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void kafkaUnreachableExits1NamingTheServersAndTheTimeTried() {
        Map<String, String> env = Map.of("CHANNELSTREAM_SECRET", TestGateway.SECRET);
        Run r = ingestWith(env, "publish", "-c", "room", "-u", "cli", "-b", "127.0.0.1:1", "--connect-timeout", "2");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ingest publish: Kafka is unreachable: no broker answered (tried 127.0.0.1:1 for"
                + " 2 s, --connect-timeout). Is it running, and are --bootstrap-servers / kafka_bootstrap_servers right?"
                + System.lineSeparator());
        Run send = ingestWith(env, "send", "--skip-invalid", "-b", "127.0.0.1:1");
        assertThat(send.exit()).isEqualTo(1);
        assertThat(send.err()).as("by default it gives up after 10 s").contains("tried 127.0.0.1:1 for 10 s");
    }

    @Test
    void aTopicThatDoesNotExistIsNamedInsteadOfATimeout() {
        Run r = ingestWith(Map.of("CHANNELSTREAM_SECRET", TestGateway.SECRET), "publish", "-c", "room", "-u", "cli",
                "-b", EmbeddedKafkaExtension.bootstrapServers(), "-t", "no-such-topic-" + UUID.randomUUID());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("topic 'no-such-topic-", "does not exist on Kafka at "
                + EmbeddedKafkaExtension.bootstrapServers());
    }

    @Test
    void anUnresolvableBootstrapHostIsAConfigurationError() {
        Run r = ingestWith(Map.of("CHANNELSTREAM_SECRET", TestGateway.SECRET), "publish", "-c", "room", "-u", "cli",
                "-b", "kafka.invalid:9092");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ingest publish: no bootstrap server resolves to an address: unknown host"
                + " kafka.invalid (--bootstrap-servers / kafka_bootstrap_servers)" + System.lineSeparator());
    }
}
