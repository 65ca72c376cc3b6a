package io.csgate.gateway.config;

import io.csgate.common.kafka.ClientProperties;
import io.csgate.common.sign.SigningKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.event.Level;

/**
 * Every setting of a gateway, typed and validated. Build it with {@link ConfigLoader}, which
 * checks each value and fails with the key's name; the canonical constructor only copies lists
 * and rejects nulls. Immutable and thread-safe.
 *
 * <p>The first fifteen components are the reference's keys (docs/protocol.md §12), the rest are ours.
 * {@link #toString()} masks secrets like {@link #describe()} does.
 *
 * @param secret API secret: signs server API calls and every Kafka record
 * @param adminUser admin panel user name
 * @param adminSecret admin panel password
 * @param cookieSecret admin session cookie secret (never empty: generated when not configured)
 * @param cookieSecretGenerated true when {@code cookieSecret} was made at start (sessions end on
 *     restart and are not shared between gateways)
 * @param allowPostingFrom addresses allowed to call the server API; {@code 0.0.0.0} allows all
 * @param allowCors origin substrings allowed by CORS; empty means {@code *}
 * @param port HTTP and websocket port, 0 for any free port
 * @param host bind address of the HTTP and websocket server
 * @param debug the reference's {@code debug} flag
 * @param logLevel upper case: TRACE, DEBUG, INFO, WARN, WARNING, ERROR or CRITICAL
 * @param validateRequests false: signature timestamps are not checked
 * @param enforceHttps answer 406 to requests that did not come over https
 * @param httpScheme {@code ""}, {@code "http"} or {@code "https"}
 * @param signatureChecker dotted class name of the server API signature checker
 * @param kafkaBootstrapServers {@code host:port} list joined by commas; empty: embedded broker
 * @param kafkaTopic the event log topic
 * @param kafkaPartitions partitions of the event topic when it is created
 * @param kafkaSnapshotTopic the compacted snapshot topic
 * @param embeddedKafkaPort client port of the embedded broker, 0 for any free port
 * @param embeddedKafkaControllerPort controller port of the embedded broker, 0 for any free port
 * @param dataDir local data folder (the embedded broker's log)
 * @param gatewayId this gateway's name in the cluster (never empty: derived when not configured)
 * @param heartbeatInterval between {@code []} heartbeat frames to attached sockets
 * @param gcConnsAfter idle time after which an unattached connection is removed
 * @param wakeConnectionsAfter how long a long poll waits before answering {@code []}
 * @param publishTimeout bound on produce and apply before a REST call answers 503
 * @param maxQueuedFrames accepted for compatibility and not used (see {@link #maxQueuedBytes})
 * @param gatewayHeartbeatInterval between this gateway's liveness events
 * @param gatewayDownAfter silence after which a gateway is declared down
 * @param trustedProxies peers whose {@code X-Forwarded-For} is honoured for
 *     {@code allow_posting_from}; empty: the header is ignored
 * @param maxBodyBytes largest accepted request body
 * @param snapshotEveryEvents events between two state snapshots; 0 = no snapshots
 * @param demo whether the chat demo and its open {@code /demo/*} endpoints are served
 * @param acceptedSecrets more shared secrets that verify (never sign), some perhaps retired
 * @param producerKeys producers' own record keys from the {@code producer_keys} setting
 * @param producerKeysFile file of more producer keys; empty: none
 * @param recordTimeWindow largest difference between a record's envelope time and its
 *     log-append time; {@link Duration#ZERO}: not checked
 * @param maxConnections most open client connections of the HTTP port; 0 = derived from the
 *     process's open-file limit at start
 * @param headerTimeout time a client has to send a request's headers, from their first byte
 * @param bodyTimeout time a client has to send a whole request body once its headers are in
 * @param keepaliveTimeout time an HTTP connection may stay open with no request in progress
 * @param managementPort port of the management listener, 0 for any free port, -1 for none
 * @param managementHost bind address of the management listener; empty: {@code host}
 * @param kafkaClientProperties path of the Kafka client properties file; empty: none
 * @param kafkaClient the operator's Kafka client settings: the file's entries and the
 *     {@code CHANNELSTREAM_KAFKA_CLIENT_*} variables (environment configuration only)
 * @param kafkaReplicationFactor replication factor of the topics a gateway creates
 * @param kafkaMinInsyncReplicas {@code min.insync.replicas} of the topics a gateway creates
 * @param kafkaCreateTopics whether a gateway creates missing topics
 * @param maxQueuedBytes bytes waiting for one websocket beyond which it counts as a slow consumer
 * @param slowConsumerAfter time a websocket may leave bytes waiting without taking any
 * @param gcUsersAfter how long a user without connections is remembered after its last activity
 * @param resumeMaxEvents most records a resume from a log position may read; 0 turns resumes off
 */
public record GatewayConfig(
        String secret,
        String adminUser,
        String adminSecret,
        String cookieSecret,
        boolean cookieSecretGenerated,
        List<String> allowPostingFrom,
        List<String> allowCors,
        int port,
        String host,
        boolean debug,
        String logLevel,
        boolean validateRequests,
        boolean enforceHttps,
        String httpScheme,
        String signatureChecker,
        String kafkaBootstrapServers,
        String kafkaTopic,
        int kafkaPartitions,
        String kafkaSnapshotTopic,
        int embeddedKafkaPort,
        int embeddedKafkaControllerPort,
        Path dataDir,
        String gatewayId,
        Duration heartbeatInterval,
        Duration gcConnsAfter,
        Duration wakeConnectionsAfter,
        Duration publishTimeout,
        int maxQueuedFrames,
        Duration gatewayHeartbeatInterval,
        Duration gatewayDownAfter,
        List<String> trustedProxies,
        int maxBodyBytes,
        int snapshotEveryEvents,
        boolean demo,
        List<SigningKey> acceptedSecrets,
        List<SigningKey> producerKeys,
        String producerKeysFile,
        Duration recordTimeWindow,
        int maxConnections,
        Duration headerTimeout,
        Duration bodyTimeout,
        Duration keepaliveTimeout,
        int managementPort,
        String managementHost,
        String kafkaClientProperties,
        ClientProperties kafkaClient,
        int kafkaReplicationFactor,
        int kafkaMinInsyncReplicas,
        boolean kafkaCreateTopics,
        int maxQueuedBytes,
        Duration slowConsumerAfter,
        Duration gcUsersAfter,
        int resumeMaxEvents) {

    public static final String DEFAULT_SECRET = "secret";
    public static final String DEFAULT_ADMIN_USER = "admin";
    public static final String DEFAULT_ADMIN_SECRET = "admin_secret";
    /** Empty: a random UUID is generated at start. */
    public static final String DEFAULT_COOKIE_SECRET = "";
    public static final List<String> DEFAULT_ALLOW_POSTING_FROM = List.of("127.0.0.1");
    public static final List<String> DEFAULT_ALLOW_CORS = List.of();
    public static final int DEFAULT_PORT = 8000;
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final boolean DEFAULT_DEBUG = false;
    public static final String DEFAULT_LOG_LEVEL = "INFO";
    public static final boolean DEFAULT_VALIDATE_REQUESTS = true;
    public static final boolean DEFAULT_ENFORCE_HTTPS = false;
    public static final String DEFAULT_HTTP_SCHEME = "";
    public static final String DEFAULT_SIGNATURE_CHECKER = "channelstream.utils.DefaultSigner";

    /** Empty: start the embedded broker. */
    public static final String DEFAULT_KAFKA_BOOTSTRAP_SERVERS = "";
    public static final String DEFAULT_KAFKA_TOPIC = "channelstream.events";
    public static final int DEFAULT_KAFKA_PARTITIONS = 1;
    public static final String DEFAULT_KAFKA_SNAPSHOT_TOPIC = "channelstream.snapshots";
    public static final int DEFAULT_EMBEDDED_KAFKA_PORT = 9092;
    /** 0: any free port. */
    public static final int DEFAULT_EMBEDDED_KAFKA_CONTROLLER_PORT = 0;
    public static final Path DEFAULT_DATA_DIR = Path.of("./data");
    /** Empty: {@code <hostname>-<port>} at start. */
    public static final String DEFAULT_GATEWAY_ID = "";
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_GC_CONNS_AFTER = Duration.ofSeconds(15);
    public static final Duration DEFAULT_WAKE_CONNECTIONS_AFTER = Duration.ofSeconds(5);
    public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_QUEUED_FRAMES = 1024;
    public static final Duration DEFAULT_GATEWAY_HEARTBEAT_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_GATEWAY_DOWN_AFTER = Duration.ofSeconds(20);
    public static final List<String> DEFAULT_TRUSTED_PROXIES = List.of();
    public static final int DEFAULT_MAX_BODY_BYTES = 1_048_576;
    public static final int DEFAULT_SNAPSHOT_EVERY_EVENTS = 50_000;
    /** Off: the demo's endpoints are open to anyone who reaches the gateway. */
    public static final boolean DEFAULT_DEMO = false;
    public static final List<SigningKey> DEFAULT_ACCEPTED_SECRETS = List.of();
    public static final List<SigningKey> DEFAULT_PRODUCER_KEYS = List.of();
    /** Empty: no file. */
    public static final String DEFAULT_PRODUCER_KEYS_FILE = "";
    /**
     * Covers a producer's retries (Kafka clients give up after 2 minutes by default) and minutes of
     * clock skew.
     */
    public static final Duration DEFAULT_RECORD_TIME_WINDOW = Duration.ofMinutes(5);
    /** 0: the open-file limit minus {@link #RESERVED_FILE_DESCRIPTORS}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 0;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_KEEPALIVE_TIMEOUT = Duration.ofSeconds(60);
    /** -1: no management listener. */
    public static final int DEFAULT_MANAGEMENT_PORT = -1;
    /** Empty: the same address as {@code host}. */
    public static final String DEFAULT_MANAGEMENT_HOST = "";
    /** Empty: no file. */
    public static final String DEFAULT_KAFKA_CLIENT_PROPERTIES = "";
    /** Safe on a three-broker cluster; a single broker gets 1. */
    public static final int DEFAULT_KAFKA_REPLICATION_FACTOR = 3;
    /** With 3 replicas, one broker may be down without losing an acknowledged event. */
    public static final int DEFAULT_KAFKA_MIN_INSYNC_REPLICAS = 2;
    public static final boolean DEFAULT_KAFKA_CREATE_TOPICS = true;
    /**
     * 32 MiB: a burst of 100,000 small messages waits for a reader without costing it its
     * connection (up to 335 bytes each as delivered; {@code {"text": "invoice paid"}} to channel
     * {@code room} is 204 bytes).
     */
    public static final int DEFAULT_MAX_QUEUED_BYTES = 32 * 1_048_576;
    public static final Duration DEFAULT_SLOW_CONSUMER_AFTER = Duration.ofSeconds(30);
    /** The reference forgets idle users after a day. */
    public static final Duration DEFAULT_GC_USERS_AFTER = Duration.ofDays(1);
    /** Records a resume may read: ten times the 100,000 missed messages a resume is measured with. */
    public static final int DEFAULT_RESUME_MAX_EVENTS = 1_000_000;

    /** Soft limit: larger values are clamped with a warning. */
    public static final int MAX_QUEUED_FRAMES_LIMIT = 1_000_000;
    /** Soft limit: larger values are clamped with a warning. */
    public static final int MAX_QUEUED_BYTES_LIMIT = 1024 * 1_048_576;
    /** Soft limit: larger values are clamped with a warning. */
    public static final int MAX_BODY_BYTES_LIMIT = 64 * 1_048_576;
    /** Soft limit for every duration setting: longer values are clamped with a warning. */
    public static final Duration DURATION_LIMIT = Duration.ofDays(1);
    /**
     * File descriptors the derived {@code max_connections} leaves to everything but client
     * connections: Kafka clients, the embedded broker's sockets and log files, the management
     * listener, the JVM's own files.
     */
    public static final int RESERVED_FILE_DESCRIPTORS = 1000;
    /** Longest gateway id, characters {@code [A-Za-z0-9._-]}. */
    public static final int GATEWAY_ID_MAX_LENGTH = 64;

    static final String MASK = "****";

    public GatewayConfig {
        Stream.of(secret, adminUser, adminSecret, cookieSecret, allowPostingFrom, allowCors, host,
                        logLevel, httpScheme, signatureChecker, kafkaBootstrapServers, kafkaTopic,
                        kafkaSnapshotTopic, dataDir, gatewayId, heartbeatInterval, gcConnsAfter,
                        wakeConnectionsAfter, publishTimeout, gatewayHeartbeatInterval,
                        gatewayDownAfter, trustedProxies, acceptedSecrets, producerKeys, producerKeysFile,
                        recordTimeWindow, headerTimeout, bodyTimeout, keepaliveTimeout, managementHost,
                        kafkaClientProperties, kafkaClient, slowConsumerAfter, gcUsersAfter)
                .forEach(Objects::requireNonNull);
        acceptedSecrets = List.copyOf(acceptedSecrets);
        producerKeys = List.copyOf(producerKeys);
        allowPostingFrom = List.copyOf(allowPostingFrom);
        allowCors = List.copyOf(allowCors);
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** True when no bootstrap servers are configured, so the gateway runs its own broker. */
    public boolean embeddedKafka() {
        return kafkaBootstrapServers.isEmpty();
    }

    /**
     * Every key that verifies records, in the order they are tried: {@code secret}, the accepted
     * secrets, the producer keys of the setting, then those of {@code producer_keys_file} (read
     * now).
     *
     * @throws ConfigException when the file cannot be read or holds a bad line or a duplicate name
     */
    public List<SigningKey> recordKeys() {
        List<SigningKey> keys = new ArrayList<>();
        keys.add(SigningKey.shared(secret));
        keys.addAll(acceptedSecrets);
        keys.addAll(producerKeys);
        if (!producerKeysFile.isEmpty()) {
            keys.addAll(SigningKeys.file(producerKeysFile, "read at start"));
        }
        Set<String> names = new HashSet<>();
        for (SigningKey k : keys) {
            if (k.name() != null && !names.add(k.name())) {
                throw new ConfigException("invalid value for '" + ConfigKey.PRODUCER_KEYS_FILE.iniName()
                        + "': the producer key '" + k.name() + "' is also in producer_keys");
            }
        }
        return List.copyOf(keys);
    }

    /** The shared secrets that check server API signatures: {@code secret}, then the accepted ones. */
    public List<SigningKey> apiSecrets() {
        List<SigningKey> keys = new ArrayList<>();
        keys.add(SigningKey.shared(secret));
        keys.addAll(acceptedSecrets);
        return List.copyOf(keys);
    }

    /** True when a separate management listener serves the operational paths. */
    public boolean managementListener() {
        return managementPort >= 0;
    }

    /** The address the management listener binds to. */
    public String managementBindHost() {
        return managementHost.isEmpty() ? host : managementHost;
    }

    /** {@link #logLevel} in slf4j terms: WARNING is WARN, CRITICAL is ERROR. */
    public Level slf4jLevel() {
        return switch (logLevel) {
            case "WARNING" -> Level.WARN;
            case "CRITICAL" -> Level.ERROR;
            default -> Level.valueOf(logLevel);
        };
    }

    /**
     * The effective configuration as {@code key = value} lines sorted by key, joined by
     * {@code \n}, with {@code secret}, {@code admin_secret} and {@code cookie_secret} shown as
     * {@code ****}: log it once at start. Values are written as in an ini file. The Kafka client
     * settings follow, one line each, secret values masked.
     */
    public String describe() {
        return Stream.concat(iniValues().entrySet().stream()
                .sorted(Map.Entry.comparingByKey((a, b) -> a.iniName().compareTo(b.iniName())))
                .map(e -> {
                    ConfigKey.Kind kind = e.getKey().kind();
                    boolean secretValue = kind == ConfigKey.Kind.SECRET
                            || (kind == ConfigKey.Kind.SECRET_LIST && !e.getValue().isEmpty());
                    String value = secretValue ? MASK : e.getValue();
                    return e.getKey().iniName() + " =" + (value.isEmpty() ? "" : " " + value);
                }), kafkaClient.describe().stream().map(line -> "kafka client: " + line))
                .collect(Collectors.joining("\n"));
    }

    /** Secrets masked, as in {@link #describe()}. */
    @Override
    public String toString() {
        return "GatewayConfig[" + describe().replace("\n", ", ") + "]";
    }

    /** Every key with its value in ini syntax (lists joined by {@code ", "}). */
    Map<ConfigKey, String> iniValues() {
        Map<ConfigKey, String> m = new EnumMap<>(ConfigKey.class);
        m.put(ConfigKey.SECRET, secret);
        m.put(ConfigKey.ADMIN_USER, adminUser);
        m.put(ConfigKey.ADMIN_SECRET, adminSecret);
        m.put(ConfigKey.COOKIE_SECRET, cookieSecret);
        m.put(ConfigKey.ALLOW_POSTING_FROM, ConfigValues.formatList(allowPostingFrom));
        m.put(ConfigKey.ALLOW_CORS, ConfigValues.formatList(allowCors));
        m.put(ConfigKey.PORT, Integer.toString(port));
        m.put(ConfigKey.HOST, host);
        m.put(ConfigKey.DEBUG, Boolean.toString(debug));
        m.put(ConfigKey.LOG_LEVEL, logLevel);
        m.put(ConfigKey.VALIDATE_REQUESTS, Boolean.toString(validateRequests));
        m.put(ConfigKey.ENFORCE_HTTPS, Boolean.toString(enforceHttps));
        m.put(ConfigKey.HTTP_SCHEME, httpScheme);
        m.put(ConfigKey.SIGNATURE_CHECKER, signatureChecker);
        m.put(ConfigKey.KAFKA_BOOTSTRAP_SERVERS, kafkaBootstrapServers);
        m.put(ConfigKey.KAFKA_TOPIC, kafkaTopic);
        m.put(ConfigKey.KAFKA_PARTITIONS, Integer.toString(kafkaPartitions));
        m.put(ConfigKey.KAFKA_SNAPSHOT_TOPIC, kafkaSnapshotTopic);
        m.put(ConfigKey.EMBEDDED_KAFKA_PORT, Integer.toString(embeddedKafkaPort));
        m.put(ConfigKey.EMBEDDED_KAFKA_CONTROLLER_PORT, Integer.toString(embeddedKafkaControllerPort));
        m.put(ConfigKey.DATA_DIR, dataDir.toString());
        m.put(ConfigKey.GATEWAY_ID, gatewayId);
        m.put(ConfigKey.HEARTBEAT_INTERVAL, ConfigValues.formatSeconds(heartbeatInterval));
        m.put(ConfigKey.GC_CONNS_AFTER, ConfigValues.formatSeconds(gcConnsAfter));
        m.put(ConfigKey.WAKE_CONNECTIONS_AFTER, ConfigValues.formatSeconds(wakeConnectionsAfter));
        m.put(ConfigKey.PUBLISH_TIMEOUT, ConfigValues.formatSeconds(publishTimeout));
        m.put(ConfigKey.MAX_QUEUED_FRAMES, Integer.toString(maxQueuedFrames));
        m.put(ConfigKey.GATEWAY_HEARTBEAT_INTERVAL, ConfigValues.formatSeconds(gatewayHeartbeatInterval));
        m.put(ConfigKey.GATEWAY_DOWN_AFTER, ConfigValues.formatSeconds(gatewayDownAfter));
        m.put(ConfigKey.TRUSTED_PROXIES, ConfigValues.formatList(trustedProxies));
        m.put(ConfigKey.MAX_BODY_BYTES, Integer.toString(maxBodyBytes));
        m.put(ConfigKey.SNAPSHOT_EVERY_EVENTS, Integer.toString(snapshotEveryEvents));
        m.put(ConfigKey.DEMO, Boolean.toString(demo));
        m.put(ConfigKey.ACCEPTED_SECRETS, ConfigValues.formatList(acceptedSecrets.stream().map(SigningKeys::format).toList()));
        m.put(ConfigKey.PRODUCER_KEYS, ConfigValues.formatList(producerKeys.stream().map(SigningKeys::format).toList()));
        m.put(ConfigKey.PRODUCER_KEYS_FILE, producerKeysFile);
        m.put(ConfigKey.RECORD_TIME_WINDOW, ConfigValues.formatSeconds(recordTimeWindow));
        m.put(ConfigKey.MAX_CONNECTIONS, Integer.toString(maxConnections));
        m.put(ConfigKey.HEADER_TIMEOUT, ConfigValues.formatSeconds(headerTimeout));
        m.put(ConfigKey.BODY_TIMEOUT, ConfigValues.formatSeconds(bodyTimeout));
        m.put(ConfigKey.KEEPALIVE_TIMEOUT, ConfigValues.formatSeconds(keepaliveTimeout));
        m.put(ConfigKey.MANAGEMENT_PORT, managementPort < 0 ? "" : Integer.toString(managementPort));
        m.put(ConfigKey.MANAGEMENT_HOST, managementHost);
        m.put(ConfigKey.KAFKA_CLIENT_PROPERTIES, kafkaClientProperties);
        m.put(ConfigKey.KAFKA_REPLICATION_FACTOR, Integer.toString(kafkaReplicationFactor));
        m.put(ConfigKey.KAFKA_MIN_INSYNC_REPLICAS, Integer.toString(kafkaMinInsyncReplicas));
        m.put(ConfigKey.KAFKA_CREATE_TOPICS, Boolean.toString(kafkaCreateTopics));
        m.put(ConfigKey.MAX_QUEUED_BYTES, Integer.toString(maxQueuedBytes));
        m.put(ConfigKey.SLOW_CONSUMER_AFTER, ConfigValues.formatSeconds(slowConsumerAfter));
        m.put(ConfigKey.GC_USERS_AFTER, ConfigValues.formatSeconds(gcUsersAfter));
        m.put(ConfigKey.RESUME_MAX_EVENTS, Integer.toString(resumeMaxEvents));
        return m;
    }
}
