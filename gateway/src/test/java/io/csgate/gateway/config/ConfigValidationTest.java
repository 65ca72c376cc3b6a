package io.csgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigValidationTest {

    private final List<String> warnings = new ArrayList<>();
    private final ConfigLoader loader = ConfigFixtures.loader(warnings);

    @Test
    void aNegativePortGivesTheDocumentedMessage() {
        assertThatThrownBy(() -> loader.readEnvironment(Map.of("CHANNELSTREAM_PORT", "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid value for 'port' (CHANNELSTREAM_PORT): \"-1\" is not a port number (0-65535)");
    }

    @ParameterizedTest(name = "{0} = \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "debug                      | maybe          | is not a boolean (true/yes/on/y/t/1 or false/no/off/n/f/0)",
        "validate_requests          | ''             | is not a boolean",
        "enforce_https              | 2              | is not a boolean",
        "port                       | -1             | is not a port number (0-65535)",
        "port                       | 65536          | is not a port number (0-65535)",
        "port                       | 80a            | is not a port number (0-65535)",
        "embedded_kafka_port        | 99999          | is not a port number (0-65535)",
        "embedded_kafka_controller_port | x          | is not a port number (0-65535)",
        "kafka_partitions           | 0              | must be at least 1",
        "kafka_partitions           | two            | is not an integer",
        "max_queued_frames          | -3             | must be at least 1",
        "max_body_bytes             | 1.5            | is not an integer",
        "heartbeat_interval         | five           | is not a number of seconds (like 5 or 0.5)",
        "gc_conns_after             | 0              | must be greater than 0 seconds",
        "publish_timeout            | -2.5           | must be greater than 0 seconds",
        "wake_connections_after     | 1e-12          | is shorter than a nanosecond",
        "gateway_heartbeat_interval | 5s             | is not a number of seconds (like 5 or 0.5)",
        "gateway_id                 | gw 1           | may only contain letters, digits, '.', '_' and '-' (at most 64 characters)",
        "gateway_id                 | gw/1           | may only contain letters, digits, '.', '_' and '-' (at most 64 characters)",
        "http_scheme                | ftp            | must be http, https or empty",
        "log_level                  | LOUD           | is not a log level (TRACE, DEBUG, INFO, WARN, WARNING, ERROR, CRITICAL)",
        "secret                     | ''             | must not be empty",
        "admin_secret               | ''             | must not be empty",
        "admin_user                 | ''             | must not be empty",
        "host                       | a b            | is not a host name or address",
        "signature_checker          | not a class    | is not a dotted class name",
        "kafka_topic                | bad topic!     | is not a Kafka topic name (letters, digits, '.', '_' and '-', at most 249)",
        "kafka_snapshot_topic       | ..             | is not a Kafka topic name (letters, digits, '.', '_' and '-', at most 249)",
        "kafka_snapshot_topic       | channelstream.events | must differ from kafka_topic",
        "kafka_bootstrap_servers    | localhost      | is not a list of host:port",
        "trusted_proxies            | proxy.example.com | holds \"proxy.example.com\", which is not an IP address",
        "gateway_down_after         | 3              | must be at least twice gateway_heartbeat_interval (2)",
        "embedded_kafka_port        | 8000           | is also a port of the embedded Kafka broker",
        "max_connections            | -1             | must be at least 0",
        "header_timeout             | 0              | must be greater than 0 seconds",
        "body_timeout               | soon           | is not a number of seconds (like 5 or 0.5)",
        "keepalive_timeout          | -1             | must be greater than 0 seconds",
        "management_port            | 70000          | is not a port number (0-65535)",
        "management_port            | 8000           | is also port",
        "management_port            | 9092           | is also a port of the embedded Kafka broker",
        "management_host            | a b            | is not a host name or address",
        "kafka_replication_factor   | 0              | must be at least 1",
        "kafka_min_insync_replicas  | 0              | must be at least 1",
        "kafka_min_insync_replicas  | 4              | is more than kafka_replication_factor (3): no event could ever be acknowledged",
        "kafka_create_topics        | sometimes      | is not a boolean",
        "kafka_client_properties    | /no/such/client.properties | cannot be read: no such file",
    })
    void anInvalidValueGivesOneLineNamingKeyVariableAndValue(String key, String value, String reason) {
        String env = "CHANNELSTREAM_" + key.toUpperCase(Locale.ROOT);

        assertThatThrownBy(() -> loader.readEnvironment(Map.of(env, value)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r")
                        .contains(reason)
                        .containsAnyOf("'" + key + "' (" + env + "): \"" + value + "\" ",
                                // a clash between two keys is reported on the other one
                                "'port' (default): \"8000\" "));
    }

    @Test
    void aControllerPortEqualToTheClientPortIsRejected() {
        assertThatThrownBy(() -> loader.readValues(Map.of("embedded_kafka_port", "9500",
                "embedded_kafka_controller_port", "9500")))
                .hasMessage("invalid value for 'embedded_kafka_controller_port' (given value): \"9500\""
                        + " is also embedded_kafka_port");
    }

    @Test
    void anIniValueNamesTheFileAndLine(@TempDir Path dir) throws IOException {
        Path ini = ConfigFixtures.write(dir, "[channelstream]\n\nenforce_https = maybe\n");

        assertThatThrownBy(() -> loader.readIni(ini))
                .hasMessage("invalid value for 'enforce_https' (" + ini + " line 3): \"maybe\" is not a boolean"
                        + " (true/yes/on/y/t/1 or false/no/off/n/f/0)");
    }

    @Test
    void aMultiLineBadValueStaysOnOneLineInTheMessage() {
        assertThatThrownBy(() -> loader.readValues(Map.of("port", "80\n81")))
                .hasMessage("invalid value for 'port' (given value): \"80\\n81\" is not a port number (0-65535)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "YES", "On", "y", "T", "1"})
    void asboolTrueWords(String word) {
        assertThat(loader.readValues(Map.of("debug", word)).debug()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "No", "OFF", "n", "f", "0"})
    void asboolFalseWords(String word) {
        assertThat(loader.readValues(Map.of("validate_requests", word)).validateRequests()).isFalse();
    }

    @Test
    void secondsTakeDecimalsAndCaseIsNormalised() {
        GatewayConfig c = loader.readValues(Map.of("heartbeat_interval", "0.5", "publish_timeout", "1.25",
                "gc_conns_after", "2", "log_level", "warning", "http_scheme", "HTTPS"));

        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.publishTimeout()).isEqualTo(Duration.ofMillis(1250));
        assertThat(c.gcConnsAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.logLevel()).isEqualTo("WARNING");
        assertThat(c.httpScheme()).isEqualTo("https");
    }

    @Test
    void softLimitsAreClampedWithAWarning() {
        GatewayConfig c = loader.readValues(Map.of("max_queued_frames", "5000000", "max_body_bytes",
                "99999999999999999999", "gc_conns_after", "100000"));

        assertThat(c.maxQueuedFrames()).isEqualTo(GatewayConfig.MAX_QUEUED_FRAMES_LIMIT);
        assertThat(c.maxBodyBytes()).isEqualTo(GatewayConfig.MAX_BODY_BYTES_LIMIT);
        assertThat(c.gcConnsAfter()).isEqualTo(Duration.ofDays(1));
        assertThat(warnings)
                .contains("max_queued_frames = 5000000 (given value) is above the limit; using 1000000")
                .contains("max_body_bytes = 99999999999999999999 (given value) is above the limit; using 67108864")
                .contains("gc_conns_after = 100000 (given value) is above the limit; using 86400 seconds");
    }

    @Test
    void anEmptyCookieSecretIsGeneratedAndFlagged() {
        GatewayConfig generated = loader.readValues(Map.of("cookie_secret", ""));
        GatewayConfig given = loader.readValues(Map.of("cookie_secret", "keep-me"));

        assertThat(generated.cookieSecret()).isEqualTo(ConfigFixtures.RANDOM);
        assertThat(generated.cookieSecretGenerated()).isTrue();
        assertThat(given.cookieSecret()).isEqualTo("keep-me");
        assertThat(given.cookieSecretGenerated()).isFalse();
    }

    @Test
    void anEmptyGatewayIdIsHostnameDashPort() {
        assertThat(loader.readValues(Map.of("port", "8123")).gatewayId()).isEqualTo("testhost-8123");

        ConfigLoader odd = new ConfigLoader(() -> "my host/é.local", () -> ConfigFixtures.RANDOM, w -> { });
        assertThat(odd.readValues(Map.of()).gatewayId()).isEqualTo("my-host--.local-8000");

        ConfigLoader longName = new ConfigLoader(() -> "h".repeat(100), () -> ConfigFixtures.RANDOM, w -> { });
        assertThat(longName.readValues(Map.of()).gatewayId()).isEqualTo("h".repeat(59) + "-8000").hasSize(64);
    }

    @Test
    void onPortZeroTheGatewayIdTakesARandomSuffix() {
        assertThat(loader.readValues(Map.of("port", "0")).gatewayId()).isEqualTo("testhost-11111111");
    }

    @Test
    void aGatewayIdOf64CharactersIsFineAnd65IsNot() {
        assertThat(loader.readValues(Map.of("gateway_id", "a".repeat(64))).gatewayId()).hasSize(64);
        assertThatThrownBy(() -> loader.readValues(Map.of("gateway_id", "a".repeat(65))))
                .hasMessageContaining("'gateway_id'").hasMessageContaining("at most 64 characters");
    }

    @Test
    void listsDropEmptyItemsAndEmptyMeansNoOne() {
        Map<String, String> values = new HashMap<>();
        values.put("allow_posting_from", "");
        values.put("allow_cors", " ,a.example,, b.example , ");

        GatewayConfig c = loader.readValues(values);

        assertThat(c.allowPostingFrom()).isEmpty();
        assertThat(c.allowCors()).containsExactly("a.example", "b.example");
        assertThat(warnings).anyMatch(w -> w.contains("allow_posting_from is empty"));
    }

    @Test
    void riskySettingsAreWarnedAbout() {
        loader.readValues(Map.of("allow_posting_from", "0.0.0.0", "wake_connections_after", "20",
                "secret", "x", "admin_secret", "y"));

        assertThat(warnings).anyMatch(w -> w.contains("every address may call the server API"))
                .anyMatch(w -> w.startsWith("wake_connections_after (20 s) is not below gc_conns_after (15 s)"))
                .noneMatch(w -> w.contains("is the default"));
    }

    @Test
    void unknownGivenKeysAreWarnedAboutNotFatal() {
        GatewayConfig c = loader.readValues(Map.of("portt", "1", "PORT", "9300"));

        assertThat(c.port()).isEqualTo(9300);
        assertThat(warnings).contains("unknown key 'portt' is ignored; did you mean 'port'?");
    }
}
