package io.csgate.gateway.config;

import io.csgate.common.kafka.ClientProperties;
import io.csgate.common.sign.SigningKey;
import io.csgate.gateway.config.ConfigValues.Raw;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@link GatewayConfig} as the reference does (docs/protocol.md §12): from the
 * {@code [channelstream]} section of an ini file, or, when no ini file is given, from
 * {@code CHANNELSTREAM_<KEY>} environment variables, never both. Every value is validated here;
 * the first bad one throws a one-line {@link ConfigException} naming the key. Problems that do
 * not stop the gateway (unknown keys, default secrets, values clamped to a soft limit) are
 * logged as warnings.
 */
public final class ConfigLoader {

    /** The environment variable naming an ini file, used when none is given on the command line. */
    public static final String INI_ENV = "CHANNELSTREAM_INI";
    /** The ini section holding the settings. */
    public static final String SECTION = "channelstream";

    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);
    private static final String ENV_PREFIX = "CHANNELSTREAM_";
    /** Keys of the reference's sample files that it reads but never uses. */
    private static final Set<String> UNUSED_REFERENCE_KEYS = Set.of("gc_channels_after");
    private static final List<String> LOG_LEVELS =
            List.of("TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "CRITICAL");
    private static final Pattern GATEWAY_ID = Pattern.compile("[A-Za-z0-9._-]{1,"
            + GatewayConfig.GATEWAY_ID_MAX_LENGTH + "}");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern HOST_PORT = Pattern.compile("\\S+:\\d{1,5}");
    /** An IPv4 or IPv6 literal, loosely: the guard compares address strings exactly. */
    private static final Pattern IP_ADDRESS =
            Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern CLASS_NAME =
            Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

    private final Supplier<String> hostname;
    private final Supplier<String> randomSecret;
    private final Consumer<String> warnings;

    /**
     * The seam for tests.
     *
     * @param hostname asked only when {@code gateway_id} is empty
     * @param randomSecret asked only when {@code cookie_secret} is empty
     * @param warnings receives every warning
     */
    ConfigLoader(Supplier<String> hostname, Supplier<String> randomSecret, Consumer<String> warnings) {
        this.hostname = hostname;
        this.randomSecret = randomSecret;
        this.warnings = warnings;
    }

    private static ConfigLoader standard() {
        return new ConfigLoader(ConfigLoader::localHostname, () -> UUID.randomUUID().toString(), log::warn);
    }

    /**
     * The reference's choice: the ini file {@code iniOrNull}, else the one named by
     * {@code CHANNELSTREAM_INI} (when set and not empty), else the {@code CHANNELSTREAM_*}
     * variables of {@code env}. With an ini file the environment is ignored, with a warning
     * naming the variables that are set.
     */
    public static GatewayConfig load(Path iniOrNull, Map<String, String> env) {
        return standard().read(iniOrNull, env);
    }

    /** The {@code [channelstream]} section of an ini file; unknown keys are logged and ignored. */
    public static GatewayConfig fromIni(Path ini) {
        return standard().readIni(ini);
    }

    /** The {@code CHANNELSTREAM_<KEY>} variables of {@code env}; other variables are ignored. */
    public static GatewayConfig fromEnvironment(Map<String, String> env) {
        return standard().readEnvironment(env);
    }

    /**
     * Settings given as ini key (case-insensitive) to text, as an ini file would hold them;
     * missing keys take their default, unknown ones are logged and ignored. For the CLI's
     * {@code make-config} values and for tests: {@code fromValues(Map.of("port", "0"))}.
     */
    public static GatewayConfig fromValues(Map<String, String> values) {
        return standard().readValues(values);
    }

    GatewayConfig read(Path iniOrNull, Map<String, String> env) {
        Path ini = iniOrNull;
        String named = env.get(INI_ENV);
        if (ini == null && named != null && !named.isBlank()) {
            ini = Path.of(named.strip());
        }
        if (ini == null) {
            return readEnvironment(env);
        }
        Set<String> ignored = new TreeSet<>();
        for (ConfigKey k : ConfigKey.values()) {
            if (env.containsKey(k.envName())) {
                ignored.add(k.envName());
            }
        }
        env.keySet().stream().filter(n -> n.startsWith(ClientProperties.VARIABLE_PREFIX)).forEach(ignored::add);
        if (!ignored.isEmpty()) {
            warnings.accept("config file '" + ini + "' is used, so these environment variables are ignored"
                    + " (as in the reference): " + String.join(", ", ignored));
        }
        return readIni(ini);
    }

    GatewayConfig readIni(Path path) {
        IniFile file = IniFile.read(path);
        Map<String, IniFile.Entry> section = file.section(SECTION).orElseThrow(() -> new ConfigException(
                "invalid config file '" + path + "': no [" + SECTION + "] section"));
        Map<ConfigKey, Raw> raw = new EnumMap<>(ConfigKey.class);
        section.forEach((name, entry) -> {
            Optional<ConfigKey> k = ConfigKey.byIniName(name);
            if (k.isPresent()) {
                raw.put(k.get(), iniValue(file, k.get(), entry, path + " line " + entry.line()));
            } else {
                warnUnknown("key '" + name + "' in [" + SECTION + "] of " + path + " line " + entry.line(), name);
            }
        });
        // Keys of [DEFAULT] show up in every section, as in configparser.
        file.defaults().forEach((name, entry) -> ConfigKey.byIniName(name)
                .filter(k -> !raw.containsKey(k))
                .ifPresent(k -> raw.put(k, iniValue(file, k, entry, path + " [DEFAULT] line " + entry.line()))));
        return build(new ConfigValues(raw, warnings), ClientProperties.NONE);
    }

    GatewayConfig readEnvironment(Map<String, String> env) {
        Map<ConfigKey, Raw> raw = new EnumMap<>(ConfigKey.class);
        for (ConfigKey k : ConfigKey.values()) {
            String v = env.get(k.envName());
            if (v != null) {
                raw.put(k, new Raw(v, k.envName()));
            }
        }
        new TreeSet<>(env.keySet()).stream()
                .filter(n -> n.startsWith(ENV_PREFIX) && !n.equals(INI_ENV) && !raw.containsKey(keyOfEnv(n))
                        && !n.startsWith(ClientProperties.VARIABLE_PREFIX))
                .forEach(n -> warnUnknown("environment variable " + n, n.substring(ENV_PREFIX.length())));
        ClientProperties variables;
        try {
            variables = ClientProperties.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid Kafka client setting: " + e.getMessage());
        }
        return build(new ConfigValues(raw, warnings), variables);
    }

    private static ConfigKey keyOfEnv(String name) {
        return ConfigKey.byIniName(name.substring(ENV_PREFIX.length()))
                .filter(k -> k.envName().equals(name))
                .orElse(null);
    }

    GatewayConfig readValues(Map<String, String> values) {
        return readRaw(knownValues(values, warnings));
    }

    GatewayConfig readRaw(Map<ConfigKey, Raw> raw) {
        return build(new ConfigValues(raw, warnings), ClientProperties.NONE);
    }

    /** The known keys of {@code values}; unknown ones are reported to {@code warnings}. */
    static Map<ConfigKey, Raw> knownValues(Map<String, String> values, Consumer<String> warnings) {
        Map<ConfigKey, Raw> raw = new EnumMap<>(ConfigKey.class);
        values.forEach((name, text) -> {
            Optional<ConfigKey> k = ConfigKey.byIniName(name.strip());
            if (k.isPresent()) {
                raw.put(k.get(), new Raw(Objects.requireNonNull(text, name), "given value"));
            } else {
                warnings.accept(unknownMessage("key '" + name + "'", name));
            }
        });
        return raw;
    }

    private Raw iniValue(IniFile file, ConfigKey k, IniFile.Entry entry, String origin) {
        try {
            return new Raw(file.value(SECTION, k.iniName()), origin);
        } catch (IllegalArgumentException e) {
            throw ConfigValues.invalid(k, new Raw(entry.value(), origin), e.getMessage());
        }
    }

    private void warnUnknown(String what, String name) {
        warnings.accept(unknownMessage(what, name));
    }

    private static String unknownMessage(String what, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (UNUSED_REFERENCE_KEYS.contains(lower)) {
            return what + " is ignored: the reference reads it but never uses it";
        }
        return "unknown " + what + " is ignored"
                + ConfigKey.closest(lower).map(k -> "; did you mean '" + k.iniName() + "'?").orElse("");
    }

    /** @param variables the {@code CHANNELSTREAM_KAFKA_CLIENT_*} entries (environment configuration only) */
    private GatewayConfig build(ConfigValues v, ClientProperties variables) {
        String secret = v.required(ConfigKey.SECRET);
        String adminUser = v.required(ConfigKey.ADMIN_USER);
        String adminSecret = v.required(ConfigKey.ADMIN_SECRET);
        String cookieSecret = v.text(ConfigKey.COOKIE_SECRET);
        boolean cookieSecretGenerated = cookieSecret.isEmpty();
        if (cookieSecretGenerated) {
            cookieSecret = randomSecret.get();
        }
        List<String> allowPostingFrom = v.list(ConfigKey.ALLOW_POSTING_FROM);
        List<String> allowCors = v.list(ConfigKey.ALLOW_CORS);
        int port = v.port(ConfigKey.PORT);
        String host = v.required(ConfigKey.HOST);
        if (host.chars().anyMatch(Character::isWhitespace)) {
            throw v.invalid(ConfigKey.HOST, "is not a host name or address");
        }
        boolean debug = v.bool(ConfigKey.DEBUG);
        String logLevel = v.text(ConfigKey.LOG_LEVEL).toUpperCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(logLevel)) {
            throw v.invalid(ConfigKey.LOG_LEVEL, "is not a log level (" + String.join(", ", LOG_LEVELS) + ")");
        }
        boolean validateRequests = v.bool(ConfigKey.VALIDATE_REQUESTS);
        boolean enforceHttps = v.bool(ConfigKey.ENFORCE_HTTPS);
        String httpScheme = v.text(ConfigKey.HTTP_SCHEME).toLowerCase(Locale.ROOT);
        if (!List.of("", "http", "https").contains(httpScheme)) {
            throw v.invalid(ConfigKey.HTTP_SCHEME, "must be http, https or empty");
        }
        String signatureChecker = v.required(ConfigKey.SIGNATURE_CHECKER);
        if (!CLASS_NAME.matcher(signatureChecker).matches()) {
            throw v.invalid(ConfigKey.SIGNATURE_CHECKER, "is not a dotted class name");
        }

        List<String> servers = v.list(ConfigKey.KAFKA_BOOTSTRAP_SERVERS);
        if (!servers.stream().allMatch(s -> HOST_PORT.matcher(s).matches())) {
            throw v.invalid(ConfigKey.KAFKA_BOOTSTRAP_SERVERS, "is not a list of host:port");
        }
        String kafkaBootstrapServers = String.join(",", servers);
        String kafkaTopic = topic(v, ConfigKey.KAFKA_TOPIC);
        int kafkaPartitions = v.integer(ConfigKey.KAFKA_PARTITIONS, 1, Integer.MAX_VALUE);
        String kafkaSnapshotTopic = topic(v, ConfigKey.KAFKA_SNAPSHOT_TOPIC);
        if (kafkaSnapshotTopic.equals(kafkaTopic)) {
            throw v.invalid(ConfigKey.KAFKA_SNAPSHOT_TOPIC, "must differ from kafka_topic");
        }
        int embeddedKafkaPort = v.port(ConfigKey.EMBEDDED_KAFKA_PORT);
        int embeddedKafkaControllerPort = v.port(ConfigKey.EMBEDDED_KAFKA_CONTROLLER_PORT);
        if (embeddedKafkaControllerPort != 0 && embeddedKafkaControllerPort == embeddedKafkaPort) {
            throw v.invalid(ConfigKey.EMBEDDED_KAFKA_CONTROLLER_PORT, "is also embedded_kafka_port");
        }
        if (servers.isEmpty() && port != 0 && (port == embeddedKafkaPort || port == embeddedKafkaControllerPort)) {
            throw v.invalid(ConfigKey.PORT, "is also a port of the embedded Kafka broker");
        }
        Path dataDir;
        try {
            dataDir = Path.of(v.required(ConfigKey.DATA_DIR));
        } catch (InvalidPathException e) {
            throw v.invalid(ConfigKey.DATA_DIR, "is not a path: " + e.getReason());
        }
        String gatewayId = v.text(ConfigKey.GATEWAY_ID);
        if (gatewayId.isEmpty()) {
            gatewayId = derivedGatewayId(port);
        } else if (!GATEWAY_ID.matcher(gatewayId).matches()) {
            throw v.invalid(ConfigKey.GATEWAY_ID, "may only contain letters, digits, '.', '_' and '-' (at most "
                    + GatewayConfig.GATEWAY_ID_MAX_LENGTH + " characters)");
        }

        Duration heartbeatInterval = v.seconds(ConfigKey.HEARTBEAT_INTERVAL);
        Duration gcConnsAfter = v.seconds(ConfigKey.GC_CONNS_AFTER);
        Duration wakeConnectionsAfter = v.seconds(ConfigKey.WAKE_CONNECTIONS_AFTER);
        Duration publishTimeout = v.seconds(ConfigKey.PUBLISH_TIMEOUT);
        int maxQueuedFrames = v.integer(ConfigKey.MAX_QUEUED_FRAMES, 1, GatewayConfig.MAX_QUEUED_FRAMES_LIMIT);
        Duration gatewayHeartbeatInterval = v.seconds(ConfigKey.GATEWAY_HEARTBEAT_INTERVAL);
        Duration gatewayDownAfter = v.seconds(ConfigKey.GATEWAY_DOWN_AFTER);
        if (gatewayDownAfter.compareTo(gatewayHeartbeatInterval.multipliedBy(2)) < 0) {
            throw v.invalid(ConfigKey.GATEWAY_DOWN_AFTER, "must be at least twice gateway_heartbeat_interval ("
                    + ConfigValues.formatSeconds(gatewayHeartbeatInterval) + ")");
        }
        List<String> trustedProxies = v.list(ConfigKey.TRUSTED_PROXIES);
        for (String proxy : trustedProxies) {
            if (!IP_ADDRESS.matcher(proxy).matches()) {
                throw v.invalid(ConfigKey.TRUSTED_PROXIES, "holds " + ConfigValues.quote(proxy)
                        + ", which is not an IP address");
            }
        }
        int maxBodyBytes = v.integer(ConfigKey.MAX_BODY_BYTES, 1, GatewayConfig.MAX_BODY_BYTES_LIMIT);
        int snapshotEveryEvents = v.integer(ConfigKey.SNAPSHOT_EVERY_EVENTS, 0, Integer.MAX_VALUE);
        boolean demo = v.bool(ConfigKey.DEMO);
        if (demo) {
            v.warn("demo is on (" + v.origin(ConfigKey.DEMO) + "): anyone who can reach this gateway can connect"
                    + " as any user and post through /demo/*; turn it off in production");
        }
        String keysWhere = "invalid value for '%s' (%s):";
        List<SigningKey> acceptedSecrets = SigningKeys.shared(v.list(ConfigKey.ACCEPTED_SECRETS),
                keysWhere.formatted(ConfigKey.ACCEPTED_SECRETS.iniName(), v.origin(ConfigKey.ACCEPTED_SECRETS)));
        List<SigningKey> producerKeys = SigningKeys.named(v.list(ConfigKey.PRODUCER_KEYS),
                keysWhere.formatted(ConfigKey.PRODUCER_KEYS.iniName(), v.origin(ConfigKey.PRODUCER_KEYS)));
        String producerKeysFile = v.text(ConfigKey.PRODUCER_KEYS_FILE);
        if (!producerKeysFile.isEmpty()) {
            // read now too, so that a bad file stops the start with the key's name
            SigningKeys.file(producerKeysFile, v.origin(ConfigKey.PRODUCER_KEYS_FILE));
        }
        Duration recordTimeWindow = v.secondsOrZero(ConfigKey.RECORD_TIME_WINDOW);
        if (!recordTimeWindow.isZero() && recordTimeWindow.compareTo(publishTimeout) < 0) {
            v.warn("record_time_window (" + ConfigValues.formatSeconds(recordTimeWindow) + " s) is below"
                    + " publish_timeout (" + ConfigValues.formatSeconds(publishTimeout) + " s): an event that takes"
                    + " longer than the window to reach Kafka is skipped by every gateway");
        }
        int maxConnections = v.integer(ConfigKey.MAX_CONNECTIONS, 0, Integer.MAX_VALUE);
        Duration headerTimeout = v.seconds(ConfigKey.HEADER_TIMEOUT);
        Duration bodyTimeout = v.seconds(ConfigKey.BODY_TIMEOUT);
        Duration keepaliveTimeout = v.seconds(ConfigKey.KEEPALIVE_TIMEOUT);
        int managementPort = v.text(ConfigKey.MANAGEMENT_PORT).isEmpty() ? -1 : v.port(ConfigKey.MANAGEMENT_PORT);
        if (managementPort > 0 && managementPort == port) {
            throw v.invalid(ConfigKey.MANAGEMENT_PORT, "is also port");
        }
        if (servers.isEmpty() && managementPort > 0
                && (managementPort == embeddedKafkaPort || managementPort == embeddedKafkaControllerPort)) {
            throw v.invalid(ConfigKey.MANAGEMENT_PORT, "is also a port of the embedded Kafka broker");
        }
        String managementHost = v.text(ConfigKey.MANAGEMENT_HOST);
        if (managementHost.chars().anyMatch(Character::isWhitespace)) {
            throw v.invalid(ConfigKey.MANAGEMENT_HOST, "is not a host name or address");
        }
        String kafkaClientProperties = v.text(ConfigKey.KAFKA_CLIENT_PROPERTIES);
        ClientProperties kafkaClient = KafkaClientSettings.read(v, kafkaClientProperties, variables,
                kafkaBootstrapServers);
        int kafkaReplicationFactor = v.integer(ConfigKey.KAFKA_REPLICATION_FACTOR, 1, Short.MAX_VALUE);
        int kafkaMinInsyncReplicas = v.integer(ConfigKey.KAFKA_MIN_INSYNC_REPLICAS, 1, Short.MAX_VALUE);
        if (kafkaMinInsyncReplicas > kafkaReplicationFactor) {
            throw v.invalid(ConfigKey.KAFKA_MIN_INSYNC_REPLICAS, "is more than kafka_replication_factor ("
                    + kafkaReplicationFactor + "): no event could ever be acknowledged");
        }
        boolean kafkaCreateTopics = v.bool(ConfigKey.KAFKA_CREATE_TOPICS);
        int maxQueuedBytes = v.integer(ConfigKey.MAX_QUEUED_BYTES, 65_536, GatewayConfig.MAX_QUEUED_BYTES_LIMIT);
        Duration slowConsumerAfter = v.seconds(ConfigKey.SLOW_CONSUMER_AFTER);
        if (maxQueuedFrames != GatewayConfig.DEFAULT_MAX_QUEUED_FRAMES) { // files from make-config hold the default
            v.warn("max_queued_frames (" + v.origin(ConfigKey.MAX_QUEUED_FRAMES) + ") is no longer used: events"
                    + " waiting for a websocket leave together; a slow consumer is one with more than"
                    + " max_queued_bytes (" + maxQueuedBytes + ") waiting, or that takes nothing for"
                    + " slow_consumer_after (" + ConfigValues.formatSeconds(slowConsumerAfter) + " s)");
        }
        Duration gcUsersAfter = v.seconds(ConfigKey.GC_USERS_AFTER);
        int resumeMaxEvents = v.integer(ConfigKey.RESUME_MAX_EVENTS, 0, Integer.MAX_VALUE);

        warnAboutRisks(v, secret, adminSecret, allowPostingFrom, wakeConnectionsAfter, gcConnsAfter);
        return new GatewayConfig(secret, adminUser, adminSecret, cookieSecret, cookieSecretGenerated,
                allowPostingFrom, allowCors, port, host, debug, logLevel, validateRequests, enforceHttps,
                httpScheme, signatureChecker, kafkaBootstrapServers, kafkaTopic, kafkaPartitions,
                kafkaSnapshotTopic, embeddedKafkaPort, embeddedKafkaControllerPort, dataDir, gatewayId,
                heartbeatInterval, gcConnsAfter, wakeConnectionsAfter, publishTimeout, maxQueuedFrames,
                gatewayHeartbeatInterval, gatewayDownAfter, trustedProxies, maxBodyBytes, snapshotEveryEvents,
                demo, acceptedSecrets, producerKeys, producerKeysFile, recordTimeWindow,
                maxConnections, headerTimeout, bodyTimeout, keepaliveTimeout, managementPort, managementHost,
                kafkaClientProperties, kafkaClient, kafkaReplicationFactor, kafkaMinInsyncReplicas,
                kafkaCreateTopics,
                maxQueuedBytes, slowConsumerAfter, gcUsersAfter, resumeMaxEvents);
    }

    private static String topic(ConfigValues v, ConfigKey k) {
        String t = v.required(k);
        if (!TOPIC.matcher(t).matches() || t.equals(".") || t.equals("..")) {
            throw v.invalid(k, "is not a Kafka topic name (letters, digits, '.', '_' and '-', at most 249)");
        }
        return t;
    }

    private void warnAboutRisks(ConfigValues v, String secret, String adminSecret, List<String> allowPostingFrom,
            Duration wakeConnectionsAfter, Duration gcConnsAfter) {
        if (secret.equals(GatewayConfig.DEFAULT_SECRET)) {
            v.warn("secret is the default; set it for production");
        }
        if (adminSecret.equals(GatewayConfig.DEFAULT_ADMIN_SECRET)) {
            v.warn("admin_secret is the default; set it for production");
        }
        if (allowPostingFrom.isEmpty()) {
            v.warn("allow_posting_from is empty (" + v.origin(ConfigKey.ALLOW_POSTING_FROM)
                    + "): no address may call the server API");
        } else if (allowPostingFrom.contains("0.0.0.0")) {
            v.warn("allow_posting_from holds 0.0.0.0: every address may call the server API");
        }
        if (wakeConnectionsAfter.compareTo(gcConnsAfter) >= 0) {
            v.warn("wake_connections_after (" + ConfigValues.formatSeconds(wakeConnectionsAfter)
                    + " s) is not below gc_conns_after (" + ConfigValues.formatSeconds(gcConnsAfter)
                    + " s): long-polling connections may be removed between polls");
        }
    }

    /**
     * {@code <hostname>-<port>}, cut to the allowed characters and length. With port 0 the real
     * port is not known yet, so a random suffix keeps gateways on one host apart.
     */
    private String derivedGatewayId(int port) {
        String suffix = Integer.toString(port);
        if (port == 0) {
            String random = randomSecret.get().replaceAll("[^A-Za-z0-9]", "");
            suffix = random.substring(0, Math.min(8, random.length()));
        }
        String host = Objects.requireNonNullElse(hostname.get(), "").replaceAll("[^A-Za-z0-9._-]", "-");
        if (host.isEmpty()) {
            host = "gateway";
        }
        int room = GatewayConfig.GATEWAY_ID_MAX_LENGTH - 1 - suffix.length();
        return (host.length() > room ? host.substring(0, room) : host) + "-" + suffix;
    }

    private static String localHostname() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "gateway";
        }
    }
}
