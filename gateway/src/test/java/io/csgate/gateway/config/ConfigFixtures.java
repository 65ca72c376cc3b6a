package io.csgate.gateway.config;

import io.csgate.common.kafka.ClientProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.csgate.common.sign.SigningKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Shared test data: a value other than the default for every key, and a deterministic loader. */
final class ConfigFixtures {

    static final String HOST = "testhost";
    static final String RANDOM = "11111111-2222-3333-4444-555555555555";

    /** A producer keys file holding one key, {@code payroll}. */
    static final String KEYS_FILE = keysFile();
    /** A Kafka client properties file: SASL/PLAIN with the password {@code kafka-pw}. */
    static final Path CLIENT_PROPERTIES = clientPropertiesFile();

    /** Every key, each with a value that differs from its default. */
    static final Map<String, String> ALL = all();

    private ConfigFixtures() {
    }

    private static String keysFile() {
        try {
            Path f = Files.createTempFile("csgate-keys", ".txt");
            f.toFile().deleteOnExit();
            Files.writeString(f, "# producer keys\npayroll:p4yr0ll-s3cret\n");
            return f.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("secret", "s3cr%t-api");
        m.put("admin_user", "root");
        m.put("admin_secret", "adm1n-pass");
        m.put("cookie_secret", "cookie-xyz");
        m.put("allow_posting_from", "10.0.0.1, 10.0.0.2");
        m.put("allow_cors", "example.com,app.example.org");
        m.put("port", "8123");
        m.put("host", "127.0.0.1");
        m.put("debug", "true");
        m.put("log_level", "debug");
        m.put("validate_requests", "false");
        m.put("enforce_https", "yes");
        m.put("http_scheme", "https");
        m.put("signature_checker", "com.example.MySigner");
        m.put("kafka_bootstrap_servers", "kafka1:9092, kafka2:9093");
        m.put("kafka_topic", "cs.events");
        m.put("kafka_partitions", "3");
        m.put("kafka_snapshot_topic", "cs.snapshots");
        m.put("embedded_kafka_port", "0");
        m.put("embedded_kafka_controller_port", "19093");
        m.put("data_dir", "/var/lib/csgate");
        m.put("gateway_id", "gw-1.eu_west");
        m.put("heartbeat_interval", "2.5");
        m.put("gc_conns_after", "30");
        m.put("wake_connections_after", "0.5");
        m.put("publish_timeout", "7");
        m.put("max_queued_frames", "64"); // no longer used: read, and warned about
        m.put("gateway_heartbeat_interval", "1");
        m.put("gateway_down_after", "6");
        m.put("trusted_proxies", "10.1.0.1, ::1");
        m.put("max_body_bytes", "2048");
        m.put("snapshot_every_events", "777");
        m.put("demo", "on");
        m.put("accepted_secrets", "n3w-s3cret, old-s3cret@2025-03-01T00:00:00Z");
        m.put("producer_keys", "billing:b1ll-s3cret,reports:r3p-s3cret@2025-02-01T00:00:00Z");
        m.put("producer_keys_file", KEYS_FILE);
        m.put("record_time_window", "90");
        m.put("max_connections", "5000");
        m.put("header_timeout", "12.5");
        m.put("body_timeout", "20");
        m.put("keepalive_timeout", "75");
        m.put("management_port", "9100");
        m.put("management_host", "10.0.0.9");
        m.put("kafka_client_properties", CLIENT_PROPERTIES.toString());
        m.put("kafka_replication_factor", "5");
        m.put("kafka_min_insync_replicas", "3");
        m.put("kafka_create_topics", "false");
        m.put("max_queued_bytes", "200000");
        m.put("slow_consumer_after", "2.5");
        m.put("gc_users_after", "3600");
        m.put("resume_max_events", "5000");
        return Map.copyOf(m);
    }

    private static Path clientPropertiesFile() {
        try {
            Path p = Files.createTempFile("csgate-config-test", ".properties");
            p.toFile().deleteOnExit();
            Files.writeString(p, "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n"
                    + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"csgate\" password=\"kafka-pw\";\n");
            return p;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ClientProperties clientProperties() {
        try {
            return ClientProperties.load(CLIENT_PROPERTIES);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What {@link #ALL} must read as, spelled out component by component. */
    static GatewayConfig expectedAll() {
        return new GatewayConfig("s3cr%t-api", "root", "adm1n-pass", "cookie-xyz", false,
                List.of("10.0.0.1", "10.0.0.2"), List.of("example.com", "app.example.org"), 8123, "127.0.0.1",
                true, "DEBUG", false, true, "https", "com.example.MySigner", "kafka1:9092,kafka2:9093",
                "cs.events", 3, "cs.snapshots", 0, 19093, Path.of("/var/lib/csgate"), "gw-1.eu_west",
                Duration.ofMillis(2500), Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ofSeconds(7), 64,
                Duration.ofSeconds(1), Duration.ofSeconds(6), List.of("10.1.0.1", "::1"), 2048, 777, true,
                List.of(SigningKey.shared("n3w-s3cret"),
                        new SigningKey(null, "old-s3cret", Instant.parse("2025-03-01T00:00:00Z"))),
                List.of(new SigningKey("billing", "b1ll-s3cret", null),
                        new SigningKey("reports", "r3p-s3cret", Instant.parse("2025-02-01T00:00:00Z"))),
                KEYS_FILE, Duration.ofSeconds(90),
                5000, Duration.ofMillis(12_500), Duration.ofSeconds(20), Duration.ofSeconds(75), 9100, "10.0.0.9",
                CLIENT_PROPERTIES.toString(), clientProperties(), 5, 3, false,
                200_000, Duration.ofMillis(2500), Duration.ofSeconds(3600), 5000);
    }

    /** A loader with a fixed host name and random value, collecting warnings into {@code warnings}. */
    static ConfigLoader loader(List<String> warnings) {
        return new ConfigLoader(() -> HOST, () -> RANDOM, warnings::add);
    }

    static ConfigLoader loader() {
        return loader(new ArrayList<>());
    }

    /** {@code CHANNELSTREAM_<KEY>} for each entry. */
    static Map<String, String> env(Map<String, String> values) {
        Map<String, String> env = new LinkedHashMap<>();
        values.forEach((k, v) -> env.put("CHANNELSTREAM_" + k.toUpperCase(Locale.ROOT), v));
        return env;
    }

    /** An ini file with a [channelstream] section holding {@code values}, % escaped as %%. */
    static String iniOf(Map<String, String> values) {
        StringBuilder b = new StringBuilder("[channelstream]\n");
        values.forEach((k, v) -> b.append(k).append(" = ").append(v.replace("%", "%%")).append('\n'));
        return b.toString();
    }

    static Path write(Path dir, String content) throws IOException {
        return Files.writeString(dir.resolve("config.ini"), content, StandardCharsets.UTF_8);
    }
}
