package io.csgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.csgate.common.kafka.ClientProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class GatewayConfigTest {

    @Test
    void nothingConfiguredGivesTheDefaults() {
        GatewayConfig c = ConfigFixtures.loader().readValues(Map.of());

        assertThat(c).isEqualTo(new GatewayConfig("secret", "admin", "admin_secret", ConfigFixtures.RANDOM, true,
                List.of("127.0.0.1"), List.of(), 8000, "0.0.0.0", false, "INFO", true, false, "",
                "channelstream.utils.DefaultSigner", "", "channelstream.events", 1, "channelstream.snapshots",
                9092, 0, Path.of("./data"), "testhost-8000", Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofSeconds(5), Duration.ofSeconds(10), 1024, Duration.ofSeconds(2), Duration.ofSeconds(20),
                List.of(), 1_048_576, 50_000, false, List.of(), List.of(), "", Duration.ofMinutes(5),
                0, Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(60), -1, "",
                "", ClientProperties.NONE, 3, 2, true,
                32 * 1_048_576, Duration.ofSeconds(30), Duration.ofDays(1), 1_000_000));
        assertThat(c.managementListener()).isFalse();
        assertThat(c.managementBindHost()).isEqualTo("0.0.0.0");
        assertThat(c.embeddedKafka()).isTrue();
    }

    @Test
    void defaultsAreTheNamedConstants() {
        GatewayConfig c = ConfigFixtures.loader().readValues(Map.of());

        assertThat(c.secret()).isEqualTo(GatewayConfig.DEFAULT_SECRET);
        assertThat(c.adminSecret()).isEqualTo(GatewayConfig.DEFAULT_ADMIN_SECRET);
        assertThat(c.allowPostingFrom()).isEqualTo(GatewayConfig.DEFAULT_ALLOW_POSTING_FROM);
        assertThat(c.port()).isEqualTo(GatewayConfig.DEFAULT_PORT);
        assertThat(c.kafkaTopic()).isEqualTo(GatewayConfig.DEFAULT_KAFKA_TOPIC);
        assertThat(c.embeddedKafkaPort()).isEqualTo(GatewayConfig.DEFAULT_EMBEDDED_KAFKA_PORT);
        assertThat(c.dataDir()).isEqualTo(GatewayConfig.DEFAULT_DATA_DIR);
        assertThat(c.heartbeatInterval()).isEqualTo(GatewayConfig.DEFAULT_HEARTBEAT_INTERVAL);
        assertThat(c.gcConnsAfter()).isEqualTo(GatewayConfig.DEFAULT_GC_CONNS_AFTER);
        assertThat(c.wakeConnectionsAfter()).isEqualTo(GatewayConfig.DEFAULT_WAKE_CONNECTIONS_AFTER);
        assertThat(c.publishTimeout()).isEqualTo(GatewayConfig.DEFAULT_PUBLISH_TIMEOUT);
        assertThat(c.maxQueuedFrames()).isEqualTo(GatewayConfig.DEFAULT_MAX_QUEUED_FRAMES);
        assertThat(c.gatewayHeartbeatInterval()).isEqualTo(GatewayConfig.DEFAULT_GATEWAY_HEARTBEAT_INTERVAL);
        assertThat(c.gatewayDownAfter()).isEqualTo(GatewayConfig.DEFAULT_GATEWAY_DOWN_AFTER);
        assertThat(c.maxBodyBytes()).isEqualTo(GatewayConfig.DEFAULT_MAX_BODY_BYTES);
        assertThat(c.maxQueuedBytes()).isEqualTo(GatewayConfig.DEFAULT_MAX_QUEUED_BYTES);
        assertThat(c.slowConsumerAfter()).isEqualTo(GatewayConfig.DEFAULT_SLOW_CONSUMER_AFTER);
    }

    @Test
    void theDefaultsWarnAboutTheDefaultSecrets() {
        List<String> warnings = new ArrayList<>();
        ConfigFixtures.loader(warnings).readValues(Map.of());

        assertThat(warnings).anyMatch(w -> w.startsWith("secret is the default"))
                .anyMatch(w -> w.startsWith("admin_secret is the default"));
    }

    @Test
    void describeListsEveryKeySortedWithSecretsMasked() {
        GatewayConfig c = ConfigFixtures.expectedAll();

        List<String> all = c.describe().lines().toList();
        List<String> lines = all.stream().filter(l -> !l.startsWith("kafka client: ")).toList();

        assertThat(lines).hasSize(ConfigKey.values().length).isSorted();
        assertThat(all.subList(lines.size(), all.size())).containsExactly(
                "kafka client: sasl.jaas.config = **** (" + ConfigFixtures.CLIENT_PROPERTIES + ")",
                "kafka client: sasl.mechanism = PLAIN (" + ConfigFixtures.CLIENT_PROPERTIES + ")",
                "kafka client: security.protocol = SASL_SSL (" + ConfigFixtures.CLIENT_PROPERTIES + ")");
        assertThat(lines).contains("secret = ****", "admin_secret = ****", "cookie_secret = ****",
                "admin_user = root", "port = 8123", "allow_posting_from = 10.0.0.1, 10.0.0.2",
                "allow_cors = example.com, app.example.org", "heartbeat_interval = 2.5",
                "wake_connections_after = 0.5", "kafka_bootstrap_servers = kafka1:9092,kafka2:9093",
                "http_scheme = https", "debug = true");
        assertThat(lines.stream().map(l -> l.substring(0, l.indexOf(" = "))))
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(ConfigKey.values()).map(ConfigKey::iniName).toList());
        assertThat(lines).contains("accepted_secrets = ****", "producer_keys = ****", "record_time_window = 90");
        assertThat(c.describe()).doesNotContain("s3cr", "adm1n-pass", "cookie-xyz", "kafka-pw");
    }

    @Test
    void describeWritesEmptyValuesWithoutTrailingSpace() {
        List<String> lines = ConfigFixtures.loader().readValues(Map.of()).describe().lines().toList();

        assertThat(lines).contains("allow_cors =", "trusted_proxies =", "http_scheme =", "kafka_bootstrap_servers =",
                "gateway_id = testhost-8000", "cookie_secret = ****");
    }

    @Test
    void toStringMasksSecretsToo() {
        String s = ConfigFixtures.expectedAll().toString();

        assertThat(s).startsWith("GatewayConfig[").contains("secret = ****", "port = 8123")
                .doesNotContain("s3cr", "adm1n-pass", "cookie-xyz", "kafka-pw").doesNotContain("\n");
    }

    @Test
    void logLevelsOfPythonMapToSlf4j() {
        assertThat(withLevel("WARNING").slf4jLevel()).isEqualTo(Level.WARN);
        assertThat(withLevel("CRITICAL").slf4jLevel()).isEqualTo(Level.ERROR);
        assertThat(withLevel("trace").slf4jLevel()).isEqualTo(Level.TRACE);
        assertThat(withLevel("Info").slf4jLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void listsAreCopiedAndImmutable() {
        List<String> allow = new ArrayList<>(List.of("10.0.0.1"));
        GatewayConfig base = ConfigFixtures.expectedAll();
        GatewayConfig c = new GatewayConfig(base.secret(), base.adminUser(), base.adminSecret(), base.cookieSecret(),
                false, allow, base.allowCors(), base.port(), base.host(), base.debug(), base.logLevel(),
                base.validateRequests(), base.enforceHttps(), base.httpScheme(), base.signatureChecker(),
                base.kafkaBootstrapServers(), base.kafkaTopic(), base.kafkaPartitions(), base.kafkaSnapshotTopic(),
                base.embeddedKafkaPort(), base.embeddedKafkaControllerPort(), base.dataDir(), base.gatewayId(),
                base.heartbeatInterval(), base.gcConnsAfter(), base.wakeConnectionsAfter(), base.publishTimeout(),
                base.maxQueuedFrames(), base.gatewayHeartbeatInterval(), base.gatewayDownAfter(),
                base.trustedProxies(), base.maxBodyBytes(), base.snapshotEveryEvents(), base.demo(), base.acceptedSecrets(),
                base.producerKeys(), base.producerKeysFile(), base.recordTimeWindow(), base.maxConnections(),
                base.headerTimeout(), base.bodyTimeout(), base.keepaliveTimeout(), base.managementPort(),
                base.managementHost(), base.kafkaClientProperties(),
                base.kafkaClient(), base.kafkaReplicationFactor(), base.kafkaMinInsyncReplicas(),
                base.kafkaCreateTopics(), base.maxQueuedBytes(),
                base.slowConsumerAfter(), base.gcUsersAfter(), base.resumeMaxEvents());
        allow.add("10.0.0.2");

        assertThat(c.allowPostingFrom()).containsExactly("10.0.0.1");
        assertThatThrownBy(() -> c.allowPostingFrom().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    private static GatewayConfig withLevel(String level) {
        return ConfigFixtures.loader().readValues(Map.of("log_level", level));
    }
}
