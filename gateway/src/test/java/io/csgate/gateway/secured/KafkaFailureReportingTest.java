package io.csgate.gateway.secured;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.SecuredKafka;
import io.csgate.gateway.testing.StartingGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka that does not serve a gateway, with real brokers and ports: a wrong password, a broker
 * certificate the gateway does not trust, nothing listening, and a plain client at a SASL_SSL
 * listener. In each case the gateway keeps serving {@code /healthz}, never becomes ready,
 * {@code /readyz} says why in its JSON, and the log names the cause once in one line, without a
 * stack trace, however often the gateway retries.
 */
class KafkaFailureReportingTest {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    @Test
    void aWrongPasswordIsNamedOnceAndInReadyz() {
        SecuredKafka kafka = SecuredKafka.get();
        Map<String, String> client = kafka.clientSettings("PLAIN", SecuredKafka.PLAIN_USER, "not-the-password");
        String expected = "authentication failed for user csgate, SASL PLAIN, at " + kafka.bootstrapServers() + " (";
        try (StartingGateway g = start(kafka.bootstrapServers(), client)) {
            assertNotReadyWithTheCauseLoggedOnce(g, expected, 3);
            assertThat(g.kafkaError()).contains("Invalid username or password");
        }
    }

    @Test
    void anUntrustedCertificateIsNamedOnceAndInReadyz() {
        SecuredKafka kafka = SecuredKafka.get();
        Map<String, String> client = kafka.clientSettings("PLAIN", SecuredKafka.PLAIN_USER, SecuredKafka.PLAIN_PASSWORD);
        client.put("ssl.truststore.location", kafka.certificates().otherCaPem().toString());
        String expected = "TLS handshake with " + kafka.bootstrapServers() + " failed: the broker's certificate is not"
                + " trusted";
        try (StartingGateway g = start(kafka.bootstrapServers(), client)) {
            assertNotReadyWithTheCauseLoggedOnce(g, expected, 3);
        }
    }

    @Test
    void anUnreachableBootstrapListIsNamedOnceAndInReadyz() {
        String nowhere = "127.0.0.1:" + SecuredKafka.freePort() + ",127.0.0.1:" + SecuredKafka.freePort();
        String expected = "no Kafka broker reachable at " + nowhere.replace(",", " (connection refused), ")
                + " (connection refused)";
        try (StartingGateway g = start(nowhere, Map.of())) {
            assertNotReadyWithTheCauseLoggedOnce(g, expected, 3);
        }
    }

    @Test
    void aPlainClientAtASaslSslListenerIsToldToCheckTheProtocol() {
        SecuredKafka kafka = SecuredKafka.get();
        String expected = kafka.bootstrapServers() + " accepts connections but gave no Kafka answer within 10 s with"
                + " security.protocol=PLAINTEXT: does that match the broker's listener";
        try (StartingGateway g = start(kafka.bootstrapServers(), Map.of())) {
            assertNotReadyWithTheCauseLoggedOnce(g, expected, 1);
        }
    }

    @Test
    void aMissingAclIsNamedOnceAndInReadyz() {
        SecuredKafka kafka = SecuredKafka.get();
        Map<String, String> client = kafka.clientSettings("PLAIN", SecuredKafka.NO_CREATE_USER,
                SecuredKafka.NO_CREATE_PASSWORD);
        try (StartingGateway g = start(kafka.bootstrapServers(), client)) {
            String expected = "not authorised: user " + SecuredKafka.NO_CREATE_USER + " may not describe topic '"
                    + g.config().kafkaTopic() + "' (no Describe ACL on it: ";
            assertNotReadyWithTheCauseLoggedOnce(g, expected, 2);
            assertThat(g.kafkaError()).endsWith("; see the ACL table of docs/deployment.md");
        }
    }

    private StartingGateway start(String bootstrap, Map<String, String> client) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("kafka_bootstrap_servers", bootstrap);
        if (!client.isEmpty()) {
            values.put("kafka_client_properties", SecuredKafka.writeProperties(dir, "client.properties", client).toString());
        }
        String topic = "failing-" + UUID.randomUUID();
        values.put("kafka_snapshot_topic", topic + ".snapshots");
        return StartingGateway.start(topic, values);
    }

    /**
     * Not ready with the cause in /readyz after at least {@code attempts} attempts, /healthz 200,
     * other calls 503 with the cause; the cause logged exactly once, one line, no stack trace.
     */
    private static void assertNotReadyWithTheCauseLoggedOnce(StartingGateway g, String cause, int attempts) {
        Awaitility.await().atMost(WAIT).until(() -> g.kafkaError().startsWith(cause) && g.attempts() >= attempts);
        ApiClient.Answer ready = g.readyz();
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().get("status").asText()).isEqualTo("not ready");
        assertThat(ready.json().get("kafka_reachable").asBoolean()).isFalse();
        assertThat(g.client().call("GET", "/healthz", null, false).status()).isEqualTo(200);
        ApiClient.Answer api = g.client().post("/message", List.of(Map.of("channel", "c", "user", "u",
                "message", Map.of())));
        assertThat(api.status()).isEqualTo(503);
        assertThat(api.json().get("reason").asText()).contains(cause);
        assertThat(g.started()).isNotDone();

        List<String> lines = g.logLines();
        assertThat(lines.stream().filter(l -> l.contains(cause)).toList()).as(String.join("\n", lines)).hasSize(1);
        assertThat(lines).as("no stack traces").noneMatch(l -> l.contains("\tthrown: "));
        assertThat(lines).as("nothing else from Kafka's clients about it").allMatch(l -> l.contains(cause)
                || l.startsWith("INFO "));
    }
}
