package io.csgate.gateway.config;

import static io.csgate.gateway.config.ConfigValues.formatList;
import static io.csgate.gateway.config.ConfigValues.formatSeconds;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The settings: ini key, environment variable, default (in ini syntax, taken from the
 * {@code DEFAULT_*} constants of {@link GatewayConfig}) and the help text that
 * {@link ConfigTemplate} writes. Declaration order is the order of the template.
 */
enum ConfigKey {

    // The reference's keys (protocol §10), in its order.
    SECRET("secret", Kind.SECRET, GatewayConfig.DEFAULT_SECRET,
            "API secret. Backends sign server API calls with it (itsdangerous TimestampSigner, header"
                    + " X-Channelstream-Secret), and gateways sign and verify every Kafka record with it, so"
                    + " all gateways and producers must share it. A warning is logged while it is the default."),
    ADMIN_USER("admin_user", Kind.TEXT, GatewayConfig.DEFAULT_ADMIN_USER,
            "User name for the admin panel sign-in (/admin/sign_in)."),
    ADMIN_SECRET("admin_secret", Kind.SECRET, GatewayConfig.DEFAULT_ADMIN_SECRET,
            "Password for the admin panel sign-in. A warning is logged while it is the default."),
    COOKIE_SECRET("cookie_secret", Kind.SECRET, GatewayConfig.DEFAULT_COOKIE_SECRET,
            "Secret of the admin session cookie. Empty: a random one is made at each start, so admin"
                    + " sessions end on restart and are not shared between gateways; set it to keep them."),
    ALLOW_POSTING_FROM("allow_posting_from", Kind.LIST, formatList(GatewayConfig.DEFAULT_ALLOW_POSTING_FROM),
            "Addresses allowed to call the server API, separated by commas; the list may go on over"
                    + " indented lines and end with a comma. Compared exactly with the caller's address;"
                    + " 0.0.0.0 allows every address."),
    ALLOW_CORS("allow_cors", Kind.LIST, formatList(GatewayConfig.DEFAULT_ALLOW_CORS),
            "Origins allowed by CORS, separated by commas: an Origin header containing one of them is"
                    + " allowed. Empty: Access-Control-Allow-Origin is always *."),
    PORT("port", Kind.INT, Integer.toString(GatewayConfig.DEFAULT_PORT),
            "HTTP and websocket port (0 to 65535; 0 picks a free port)."),
    HOST("host", Kind.TEXT, GatewayConfig.DEFAULT_HOST,
            "Address the HTTP and websocket server binds to."),
    DEBUG("debug", Kind.BOOL, Boolean.toString(GatewayConfig.DEFAULT_DEBUG),
            "The reference's debug flag, accepted for compatibility."),
    LOG_LEVEL("log_level", Kind.TEXT, GatewayConfig.DEFAULT_LOG_LEVEL,
            "Log level: TRACE, DEBUG, INFO, WARN (or WARNING), ERROR or CRITICAL."),
    VALIDATE_REQUESTS("validate_requests", Kind.BOOL, Boolean.toString(GatewayConfig.DEFAULT_VALIDATE_REQUESTS),
            "Check the age of server API signatures (at most 60 seconds). false accepts any signature"
                    + " made with the secret, however old."),
    ENFORCE_HTTPS("enforce_https", Kind.BOOL, Boolean.toString(GatewayConfig.DEFAULT_ENFORCE_HTTPS),
            "Answer 406 to requests that did not arrive over https."),
    HTTP_SCHEME("http_scheme", Kind.TEXT, GatewayConfig.DEFAULT_HTTP_SCHEME,
            "Scheme of the links the server makes: http, https, or empty for the request's own scheme."),
    SIGNATURE_CHECKER("signature_checker", Kind.TEXT, GatewayConfig.DEFAULT_SIGNATURE_CHECKER,
            "How server API signatures are checked, as a dotted class name. The default is the"
                    + " itsdangerous TimestampSigner check of the reference."),

    // Ours.
    KAFKA_BOOTSTRAP_SERVERS("kafka_bootstrap_servers", Kind.TEXT, GatewayConfig.DEFAULT_KAFKA_BOOTSTRAP_SERVERS,
            "Kafka bootstrap servers as host:port, separated by commas. Empty: start an embedded"
                    + " single-node Kafka broker in this process, with its data under data_dir."),
    KAFKA_TOPIC("kafka_topic", Kind.TEXT, GatewayConfig.DEFAULT_KAFKA_TOPIC,
            "Topic holding the ordered event log. Every gateway of a cluster uses the same topic."),
    KAFKA_PARTITIONS("kafka_partitions", Kind.INT, Integer.toString(GatewayConfig.DEFAULT_KAFKA_PARTITIONS),
            "Partitions of the event topic when a gateway creates it (at least 1). One partition keeps"
                    + " a single total order of events."),
    KAFKA_SNAPSHOT_TOPIC("kafka_snapshot_topic", Kind.TEXT, GatewayConfig.DEFAULT_KAFKA_SNAPSHOT_TOPIC,
            "Compacted topic holding state snapshots, so a new gateway starts without replaying the"
                    + " whole log."),
    EMBEDDED_KAFKA_PORT("embedded_kafka_port", Kind.INT, Integer.toString(GatewayConfig.DEFAULT_EMBEDDED_KAFKA_PORT),
            "Client port of the embedded broker, on 127.0.0.1 (0 picks a free port). Used only when"
                    + " kafka_bootstrap_servers is empty."),
    EMBEDDED_KAFKA_CONTROLLER_PORT("embedded_kafka_controller_port", Kind.INT,
            Integer.toString(GatewayConfig.DEFAULT_EMBEDDED_KAFKA_CONTROLLER_PORT),
            "KRaft controller port of the embedded broker, on 127.0.0.1 (0 picks a free port)."),
    DATA_DIR("data_dir", Kind.TEXT, GatewayConfig.DEFAULT_DATA_DIR.toString(),
            "Folder for local data: the embedded broker's log. Relative to the working directory."),
    GATEWAY_ID("gateway_id", Kind.TEXT, GatewayConfig.DEFAULT_GATEWAY_ID,
            "Name of this gateway in the cluster: letters, digits, '.', '_' and '-', at most 64."
                    + " Unique among gateways, stable across restarts. Empty: <hostname>-<port>."),
    HEARTBEAT_INTERVAL("heartbeat_interval", Kind.SECONDS, formatSeconds(GatewayConfig.DEFAULT_HEARTBEAT_INTERVAL),
            "Seconds between the [] heartbeat frames sent to every attached websocket."),
    GC_CONNS_AFTER("gc_conns_after", Kind.SECONDS, formatSeconds(GatewayConfig.DEFAULT_GC_CONNS_AFTER),
            "Seconds after which a connection with no websocket or long poll attached is removed"
                    + " (the reference ignores this key and always uses 15)."),
    WAKE_CONNECTIONS_AFTER("wake_connections_after", Kind.SECONDS,
            formatSeconds(GatewayConfig.DEFAULT_WAKE_CONNECTIONS_AFTER),
            "Seconds a long poll (/listen) waits for events before answering with an empty list."),
    PUBLISH_TIMEOUT("publish_timeout", Kind.SECONDS, formatSeconds(GatewayConfig.DEFAULT_PUBLISH_TIMEOUT),
            "Seconds a state-changing REST call waits for Kafka to take its event and for this gateway"
                    + " to apply it, before answering 503."),
    MAX_QUEUED_FRAMES("max_queued_frames", Kind.INT, Integer.toString(GatewayConfig.DEFAULT_MAX_QUEUED_FRAMES),
            "Outbound frames queued for one connection before it is disconnected as too slow"
                    + " (at most " + GatewayConfig.MAX_QUEUED_FRAMES_LIMIT + ")."),
    GATEWAY_HEARTBEAT_INTERVAL("gateway_heartbeat_interval", Kind.SECONDS,
            formatSeconds(GatewayConfig.DEFAULT_GATEWAY_HEARTBEAT_INTERVAL),
            "Seconds between this gateway's liveness heartbeats on the event log."),
    GATEWAY_DOWN_AFTER("gateway_down_after", Kind.SECONDS, formatSeconds(GatewayConfig.DEFAULT_GATEWAY_DOWN_AFTER),
            "Seconds without heartbeats after which the other gateways declare a gateway down and drop"
                    + " its connections. At least twice gateway_heartbeat_interval."),
    TRUSTED_PROXIES("trusted_proxies", Kind.LIST, formatList(GatewayConfig.DEFAULT_TRUSTED_PROXIES),
            "Addresses of reverse proxies, separated by commas. For a request from one of them,"
                    + " allow_posting_from is checked against the X-Forwarded-For client address."
                    + " Empty: X-Forwarded-For is ignored."),
    MAX_BODY_BYTES("max_body_bytes", Kind.INT, Integer.toString(GatewayConfig.DEFAULT_MAX_BODY_BYTES),
            "Largest accepted request body, in bytes (at most " + GatewayConfig.MAX_BODY_BYTES_LIMIT + ")."),
    SNAPSHOT_EVERY_EVENTS("snapshot_every_events", Kind.INT,
            Integer.toString(GatewayConfig.DEFAULT_SNAPSHOT_EVERY_EVENTS),
            "Events between two state snapshots on kafka_snapshot_topic, written by one gateway of the"
                    + " cluster; a starting gateway replays at most this many events. 0 turns snapshots off."),
    GC_USERS_AFTER("gc_users_after", Kind.SECONDS, formatSeconds(GatewayConfig.DEFAULT_GC_USERS_AFTER),
            "Seconds a user with no connection is remembered (state, public keys, private messages for"
                    + " catch-up) after their last activity; then every gateway forgets them together, by an"
                    + " event on the log. At most 86400, the reference's day.");

    /** How a value is written; parsing and validation live in {@link ConfigLoader}. */
    enum Kind { TEXT, SECRET, BOOL, INT, SECONDS, LIST }

    private static final Map<String, ConfigKey> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ConfigKey::iniName, Function.identity()));

    private final String iniName;
    private final Kind kind;
    private final String defaultText;
    private final String help;

    ConfigKey(String iniName, Kind kind, String defaultText, String help) {
        this.iniName = iniName;
        this.kind = kind;
        this.defaultText = defaultText;
        this.help = help;
    }

    String iniName() {
        return iniName;
    }

    /** {@code CHANNELSTREAM_<KEY UPPERCASE>}. */
    String envName() {
        return "CHANNELSTREAM_" + iniName.toUpperCase(Locale.ROOT);
    }

    Kind kind() {
        return kind;
    }

    String defaultText() {
        return defaultText;
    }

    String help() {
        return help;
    }

    /** True for the keys of the reference (protocol §10). */
    boolean reference() {
        return ordinal() <= SIGNATURE_CHECKER.ordinal();
    }

    /** The key of an ini name, case-insensitive. */
    static Optional<ConfigKey> byIniName(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The known key nearest to a misspelt name, if one is within two edits. */
    static Optional<ConfigKey> closest(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(k -> distance(n, k.iniName) <= 2)
                .min(Comparator.comparingInt(k -> distance(n, k.iniName)));
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
