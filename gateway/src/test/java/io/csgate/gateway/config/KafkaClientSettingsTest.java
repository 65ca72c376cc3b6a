package io.csgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kafka_client_properties and CHANNELSTREAM_KAFKA_CLIENT_*: read, merged, and refused at load when unusable. */
class KafkaClientSettingsTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();
    private final ConfigLoader loader = ConfigFixtures.loader(warnings);

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("client.properties"), text);
    }

    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS", "k1:9093,k2:9093"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void theFileAndTheVariablesMakeTheSettingsAndVariablesWin() throws IOException {
        Path f = file("security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nbootstrap.servers=k1:9093, k2:9093\n");

        GatewayConfig c = loader.readEnvironment(env("CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES", f.toString(),
                "CHANNELSTREAM_KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512",
                "CHANNELSTREAM_KAFKA_CLIENT_SASL_JAAS_CONFIG", "ScramLoginModule required password=\"pw\";"));

        assertThat(c.kafkaClientProperties()).isEqualTo(f.toString());
        assertThat(c.kafkaClient().entries()).containsOnlyKeys("security.protocol", "sasl.mechanism",
                "sasl.jaas.config", "bootstrap.servers");
        assertThat(c.kafkaClient().value("sasl.mechanism")).contains("SCRAM-SHA-512");
        assertThat(warnings).as("no unknown-variable warnings").noneMatch(w -> w.contains("KAFKA_CLIENT"));
        assertThat(c.describe()).contains("kafka client: sasl.jaas.config = **** (CHANNELSTREAM_KAFKA_CLIENT_SASL_JAAS_CONFIG)")
                .doesNotContain("pw\"");
    }

    @Test
    void anIniFileNamesTheFileAndTheVariablesAreIgnoredWithAWarning() throws IOException {
        Path f = file("security.protocol=SSL\n");
        Path ini = ConfigFixtures.write(dir, "[channelstream]\nkafka_bootstrap_servers = k:9093\n"
                + "kafka_client_properties = " + f + "\n");

        GatewayConfig c = loader.read(ini, Map.of("CHANNELSTREAM_KAFKA_CLIENT_SASL_MECHANISM", "PLAIN"));

        assertThat(c.kafkaClient().entries()).containsOnlyKeys("security.protocol");
        assertThat(warnings).anyMatch(w -> w.contains("ignored") && w.contains("CHANNELSTREAM_KAFKA_CLIENT_SASL_MECHANISM"));
    }

    @Test
    void anEntryContradictingWhatTheGatewayDependsOnIsRefusedNamingIt() throws IOException {
        Path f = file("acks=1\n");
        assertThatThrownBy(() -> loader.readEnvironment(env("CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES", f.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid Kafka client setting: acks=1 (" + f + ") contradicts acks=all: an event is"
                        + " acknowledged only once every in-sync replica has it");
        assertThatThrownBy(() -> loader.readEnvironment(env("CHANNELSTREAM_KAFKA_CLIENT_ENABLE_AUTO_COMMIT", "true")))
                .hasMessageContaining("enable.auto.commit=true (CHANNELSTREAM_KAFKA_CLIENT_ENABLE_AUTO_COMMIT)"
                        + " contradicts enable.auto.commit=false");
        assertThatThrownBy(() -> loader.readEnvironment(env("CHANNELSTREAM_KAFKA_CLIENT_CLIENT_ID", "mine")))
                .hasMessageContaining("client.id (CHANNELSTREAM_KAFKA_CLIENT_CLIENT_ID) cannot be set");
        assertThatThrownBy(() -> loader.readEnvironment(env("CHANNELSTREAM_KAFKA_CLIENT_BOOTSTRAP_SERVERS", "other:9092")))
                .hasMessageContaining("bootstrap.servers=other:9092 (CHANNELSTREAM_KAFKA_CLIENT_BOOTSTRAP_SERVERS)"
                        + " contradicts bootstrap.servers=k1:9093,k2:9093");
        assertThatThrownBy(() -> loader.readEnvironment(env("CHANNELSTREAM_KAFKA_CLIENT_AUTO_OFFSET_RESET", "latest")))
                .hasMessageContaining("auto.offset.reset=latest");
    }

    @Test
    void settingsWithoutAnExternalClusterAreRefused() throws IOException {
        Path f = file("bootstrap.servers=pkc-1.confluent.cloud:9092\nsecurity.protocol=SASL_SSL\n");
        assertThatThrownBy(() -> loader.readEnvironment(Map.of("CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES", f.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Kafka client settings are given (" + f + ") but kafka_bootstrap_servers is empty, which"
                        + " starts the embedded broker (plain connections only): set kafka_bootstrap_servers to the"
                        + " cluster (pkc-1.confluent.cloud:9092)");
    }

    @Test
    void aTrustStoreThatCannotBeReadIsRefusedAtLoad() {
        assertThatThrownBy(() -> loader.readEnvironment(env("CHANNELSTREAM_KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION",
                dir.resolve("missing.pem").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid Kafka client setting: ssl.truststore.location=" + dir.resolve("missing.pem")
                        + " (CHANNELSTREAM_KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION): no such file");
        assertThatThrownBy(() -> loader.readEnvironment(env("CHANNELSTREAM_KAFKA_CLIENT_SSL_KEYSTORE_LOCATION",
                dir.toString()))).hasMessageEndingWith("a directory, not a file");
    }

    @Test
    void aMalformedVariableNameIsAConfigError() {
        assertThatThrownBy(() -> loader.readEnvironment(env("CHANNELSTREAM_KAFKA_CLIENT_SASL_", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CHANNELSTREAM_KAFKA_CLIENT_SASL_");
    }

    @Test
    void anUnknownSettingIsPassedOnWithAWarning() {
        GatewayConfig c = loader.readEnvironment(env("CHANNELSTREAM_KAFKA_CLIENT_SASL_MECHANISMS", "PLAIN"));

        assertThat(c.kafkaClient().value("sasl.mechanisms")).contains("PLAIN");
        assertThat(warnings).anyMatch(w -> w.contains("'sasl.mechanisms'") && w.contains("did you mean 'sasl.mechanism'?"));
    }
}
