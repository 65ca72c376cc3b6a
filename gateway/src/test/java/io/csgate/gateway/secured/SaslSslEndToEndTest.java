package io.csgate.gateway.secured;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.gateway.config.ConfigLoader;
import io.csgate.gateway.log.KafkaClients;
import io.csgate.gateway.log.SnapshotStore;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.SecuredKafka;
import io.csgate.gateway.testing.TestCertificates;
import io.csgate.gateway.testing.TestGateway;
import io.csgate.gateway.testing.WsClient;
import io.csgate.ingest.IngestContext;
import io.csgate.ingest.IngestMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclOperation;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Gateways, snapshots and the ingest CLI through a SASL_SSL listener with ACLs enforced, each with
 * exactly the ACLs docs/deployment.md lists: a gateway on SASL/PLAIN configured with a properties
 * file (CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES), a second on SCRAM-SHA-512 configured by
 * CHANNELSTREAM_KAFKA_CLIENT_* variables alone (the broker's CA inline, PEM), the CLI as a direct
 * producer with Write and Describe only, and a third gateway that starts from a snapshot; a gateway
 * that may not create topics, and one that authenticates with a client certificate (mutual TLS).
 */
class SaslSslEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void gatewaysSnapshotsAndTheCliWorkThroughSaslSsl() {
        SecuredKafka kafka = SecuredKafka.get();
        String topic = "secured-" + UUID.randomUUID();
        String snapshots = topic + ".snapshots";
        kafka.grantGateway(SecuredKafka.PLAIN_USER, topic, snapshots, true);
        kafka.grantGateway(SecuredKafka.SCRAM_USER, topic, snapshots, false);
        kafka.grantProducer(SecuredKafka.PRODUCER_USER, topic);
        Path plain = SecuredKafka.writeProperties(dir, "csgate.properties",
                kafka.clientSettings("PLAIN", SecuredKafka.PLAIN_USER, SecuredKafka.PLAIN_PASSWORD));
        Map<String, String> cluster = Map.of("kafka_bootstrap_servers", kafka.bootstrapServers(),
                "kafka_snapshot_topic", snapshots, "snapshot_every_events", "5");

        Map<String, String> envA = new HashMap<>(TestGateway.environment(topic, cluster));
        envA.put("CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES", plain.toString());

        Map<String, String> envB = new HashMap<>(TestGateway.environment(topic, cluster));
        envB.put("CHANNELSTREAM_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL");
        envB.put("CHANNELSTREAM_KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512");
        envB.put("CHANNELSTREAM_KAFKA_CLIENT_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule"
                + " required username=\"" + SecuredKafka.SCRAM_USER + "\" password=\"" + SecuredKafka.SCRAM_PASSWORD + "\";");
        envB.put("CHANNELSTREAM_KAFKA_CLIENT_SSL_TRUSTSTORE_TYPE", "PEM");
        envB.put("CHANNELSTREAM_KAFKA_CLIENT_SSL_TRUSTSTORE_CERTIFICATES", kafka.certificates().caPemText());

        try (TestGateway a = TestGateway.start(ConfigLoader.fromEnvironment(envA));
             TestGateway b = TestGateway.start(ConfigLoader.fromEnvironment(envB))) {
            assertThat(a.config().kafkaClient().value("sasl.mechanism")).contains("PLAIN");
            assertThat(b.config().kafkaClient().value("sasl.mechanism")).contains("SCRAM-SHA-512");
            assertThat(a.config().describe()).doesNotContain(SecuredKafka.PLAIN_PASSWORD);
            assertThat(b.config().describe()).doesNotContain(SecuredKafka.SCRAM_PASSWORD);

            String channel = "room";
            ApiClient onB = b.client();
            ApiClient.Answer connected = onB.post("/connect", Map.of("username", "alice", "channels", List.of(channel),
                    "channel_configs", Map.of(channel, Map.of("store_history", true))));
            assertThat(connected.status()).as(connected.text()).isEqualTo(200);
            try (WsClient ws = onB.websocket(b.wsUrl(), connected.json().get("conn_id").asText())) {
                // REST on gateway A (SASL/PLAIN) -> websocket on gateway B (SCRAM-SHA-512)
                Awaitility.await().atMost(WAIT).until(() -> a.client().post("/info",
                        Map.of("info", Map.of("channels", List.of(channel)))).json().get("channels").has(channel));
                ApiClient.Answer sent = a.client().post("/message", List.of(Map.of("channel", channel, "user", "bob",
                        "message", Map.of("text", "through SASL_SSL"))));
                assertThat(sent.status()).as(sent.text()).isEqualTo(200);
                assertThat(message(ws).get("message").get("text").asText()).isEqualTo("through SASL_SSL");

                // the CLI (a direct producer: Write and Describe only) -> websocket on gateway B
                Path producer = SecuredKafka.writeProperties(dir, "producer.properties", kafka.clientSettings(
                        "SCRAM-SHA-512", SecuredKafka.PRODUCER_USER, SecuredKafka.PRODUCER_PASSWORD));
                String[] cli = ingest(Map.of("CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                        "CHANNELSTREAM_KAFKA_TOPIC", topic, "CHANNELSTREAM_SECRET", TestGateway.SECRET,
                        "CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES", producer.toString()),
                        "publish", "--channel", channel, "--user", "cli", "--message", "{\"text\":\"from the cli\"}");
                assertThat(cli[0]).as(cli[2]).isEqualTo("0");
                assertThat(message(ws).get("message").get("text").asText()).isEqualTo("from the cli");
            }

            // gateway A or B (whichever leads) wrote a snapshot through SASL_SSL; a new gateway starts from it
            Map<String, String> envC = new HashMap<>(TestGateway.environment(topic, cluster));
            envC.put("CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES", plain.toString());
            try (SnapshotStore store = new SnapshotStore(KafkaClients.plain(kafka.setupBootstrapServers()), snapshots,
                    "test-snapshot-reader")) {
                Awaitility.await().atMost(WAIT).until(() -> store.latest(topic, WAIT).isPresent());
            }
            try (TestGateway c = TestGateway.start(ConfigLoader.fromEnvironment(envC))) {
                JsonNode ready = c.client().call("GET", "/readyz", null, false).json();
                assertThat(ready.get("started_from_snapshot").size()).as(ready.toString()).isEqualTo(1);
                JsonNode history = c.client().post("/info", Map.of("info", Map.of("channels", List.of(channel))))
                        .json().get("channels").get(channel).get("history");
                assertThat(history.findValuesAsText("text")).containsExactly("through SASL_SSL", "from the cli");
            }
        }
    }

    @Test
    void aGatewayWithoutCreateOrDescribeConfigsRightsRunsOnTopicsCreatedForIt() {
        SecuredKafka kafka = SecuredKafka.get();
        String topic = "precreated-" + UUID.randomUUID();
        String snapshots = topic + ".snapshots";
        kafka.createTopics(new NewTopic(topic, 1, (short) 1), new NewTopic(snapshots, 1, (short) 1)
                .configs(Map.of("cleanup.policy", "compact")));
        kafka.grant(SecuredKafka.NO_CREATE_USER, List.of(AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE),
                topic, snapshots);
        Path props = SecuredKafka.writeProperties(dir, "precreated.properties",
                kafka.clientSettings("PLAIN", SecuredKafka.NO_CREATE_USER, SecuredKafka.NO_CREATE_PASSWORD));
        Map<String, String> env = new HashMap<>(TestGateway.environment(topic, Map.of(
                "kafka_bootstrap_servers", kafka.bootstrapServers(), "kafka_snapshot_topic", snapshots)));
        env.put("CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES", props.toString());
        env.put("CHANNELSTREAM_KAFKA_CREATE_TOPICS", "false");

        try (TestGateway g = TestGateway.start(ConfigLoader.fromEnvironment(env))) {
            ApiClient.Answer a = g.client().post("/connect", Map.of("username", "bob", "channels", List.of("c")));
            assertThat(a.status()).as(a.text()).isEqualTo(200);
        }
    }

    @Test
    void aGatewayWithAClientCertificateRunsOnAMutualTlsListener() {
        SecuredKafka kafka = SecuredKafka.get();
        String topic = "mtls-" + UUID.randomUUID();
        String snapshots = topic + ".snapshots";
        kafka.grantGateway(TestCertificates.CLIENT_DN, topic, snapshots, true);
        // the CA inline, written as docs/deployment.md shows it: one PEM line per line, continued
        Map<String, String> settings = kafka.mutualTlsClientSettings();
        settings.remove("ssl.truststore.location");
        StringBuilder text = new StringBuilder();
        settings.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        text.append("ssl.truststore.certificates=")
                .append(String.join(" \\\n  ", kafka.certificates().caPemText().strip().lines().toList()))
                .append('\n');
        Path props = dir.resolve("mtls.properties");
        try {
            Files.writeString(props, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        try (TestGateway g = TestGateway.start(ConfigLoader.fromValues(TestGateway.values(topic, Map.of(
                "kafka_bootstrap_servers", kafka.mutualTlsBootstrapServers(), "kafka_snapshot_topic", snapshots,
                "kafka_client_properties", props.toString()))))) {
            ApiClient.Answer a = g.client().post("/connect", Map.of("username", "carol", "channels", List.of("c")));
            assertThat(a.status()).as(a.text()).isEqualTo(200);
            assertThat(g.config().describe()).doesNotContain(kafka.certificates().password());
        }
    }

    private static JsonNode message(WsClient ws) {
        return ws.nextMatching(f -> f.isArray() && f.size() > 0 && f.get(0).path("type").asText().equals("message"),
                WAIT).get(0);
    }

    /** Runs the CLI in this JVM as an operator would: exit code, stdout, stderr. */
    private static String[] ingest(Map<String, String> env, String... args) {
        CommandLine cl = IngestMain.commandLine(IngestContext.of(env));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new String[] {Integer.toString(cl.execute(args)), out.toString(), err.toString()};
    }
}
