package io.csgate.gateway.secured;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.SecuredKafka;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees who gives a gateway a wrong password: the gateway process itself (its
 * {@code main}, its own logging configuration, configured by environment with
 * CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES) against the SASL_SSL broker. It stays up, never becomes
 * ready, {@code /readyz} says why, and its whole log names the cause in one line, once, with no
 * stack trace and no line of Kafka's clients, however often it retries.
 */
class WrongPasswordProcessTest {

    @TempDir
    Path dir;

    @Test
    void theGatewayProcessLogsTheCauseOnceAndStaysNotReady() throws Exception {
        SecuredKafka kafka = SecuredKafka.get();
        Path props = SecuredKafka.writeProperties(dir, "client.properties",
                kafka.clientSettings("PLAIN", SecuredKafka.PLAIN_USER, "wrong-password"));
        int port = SecuredKafka.freePort();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dlogback.configurationFile=logback.xml", // the gateway's own, not the tests'
                "-cp", System.getProperty("java.class.path"), "io.csgate.gateway.Main");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve("stdout.txt").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("CHANNELSTREAM_"));
        env.put("CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES", props.toString());
        env.put("CHANNELSTREAM_KAFKA_TOPIC", "bad-login-" + UUID.randomUUID());
        env.put("CHANNELSTREAM_HOST", "127.0.0.1");
        env.put("CHANNELSTREAM_PORT", Integer.toString(port));
        env.put("CHANNELSTREAM_SECRET", "process-secret");
        env.put("CHANNELSTREAM_ADMIN_SECRET", "process-admin-secret");
        env.put("CHANNELSTREAM_DATA_DIR", dir.resolve("data").toString());
        Process p = pb.start();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> copy(p.getErrorStream(), stderr), "gateway-stderr");
        pump.start();
        ApiClient api = new ApiClient("http://127.0.0.1:" + port, "process-secret");
        String cause = "authentication failed for user csgate, SASL PLAIN, at " + kafka.bootstrapServers()
                + " (Authentication failed: Invalid username or password)";
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                JsonNode r = api.call("GET", "/readyz", null, false).json();
                return r.path("kafka_attempts").asInt() >= 4 && r.path("kafka_error").asText().equals(cause);
            });
            ApiClient.Answer ready = api.call("GET", "/readyz", null, false);
            assertThat(ready.status()).isEqualTo(503);
            assertThat(p.isAlive()).isTrue();
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            pump.join(5000);
        }
        String log = stderr.toString(StandardCharsets.UTF_8);
        List<String> lines = log.lines().toList();
        assertThat(lines.stream().filter(l -> l.contains("authentication failed")).toList()).as(log)
                .singleElement().asString().endsWith("ClusterCheck - Kafka does not serve this gateway yet; retrying"
                        + " until it does (/readyz shows why): " + cause);
        assertThat(log).as(log).doesNotContain("\tat ", "Exception");
        assertThat(lines.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList()).as(log)
                .singleElement();
        assertThat(log).as("the password is masked").doesNotContain("wrong-password")
                .contains("kafka client: sasl.jaas.config = **** (" + props + ")");
        assertThat(Files.readString(dir.resolve("stdout.txt"))).doesNotContain("ready to serve");
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            // the process ended
        }
    }
}
