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

    // The reference's keys (docs/protocol.md §12), in its order.
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
            "Partitions of the event topic when a gateway creates it (at least 1); an existing topic with"
                    + " another count stops the start. One partition keeps a single total order of events."),
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
            "No longer used: events waiting for a websocket now leave together, so a count of frames"
                    + " says nothing about a client. Accepted so existing files keep working (a warning is"
                    + " logged when it is not 1024); the budget is max_queued_bytes and slow_consumer_after."),
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
    DEMO("demo", Kind.BOOL, Boolean.toString(GatewayConfig.DEFAULT_DEMO),
            "Serve the chat demo at /demo. Its /demo/* endpoints are open: anyone who can reach the gateway"
                    + " can connect as any user and post through them, so keep it off in production. A warning"
                    + " is logged while it is on."),
    ACCEPTED_SECRETS("accepted_secrets", Kind.SECRET_LIST, "",
            "More shared secrets, accepted like secret but never used to sign: server API signatures and"
                    + " v1= record signatures made with any of them are valid. For changing the secret without"
                    + " downtime (docs/deployment.md). An item SECRET@2025-03-01T00:00:00Z is retired at that"
                    + " instant: it still verifies records appended to Kafka before it (so that replaying"
                    + " gateways apply them) and nothing else. Every gateway of a cluster needs the same keys."),
    PRODUCER_KEYS("producer_keys", Kind.SECRET_LIST, "",
            "Producers' own record keys, as NAME:SECRET items (NAME: letters, digits, '.', '_' and '-', at"
                    + " most 64); a record signed key=NAME,v1=... in cs-signature must verify with that key."
                    + " NAME:SECRET@INSTANT revokes the key from that instant on (records appended before it"
                    + " stay valid). Never valid for the server API. Every gateway of a cluster needs the same keys."),
    PRODUCER_KEYS_FILE("producer_keys_file", Kind.TEXT, "",
            "File of more producer keys, one NAME:SECRET or NAME:SECRET@INSTANT a line (# starts a"
                    + " comment), read at start. Empty: none."),
    RECORD_TIME_WINDOW("record_time_window", Kind.SECONDS, formatSeconds(GatewayConfig.DEFAULT_RECORD_TIME_WINDOW),
            "Seconds a record's envelope time may differ from the time Kafka appended it. Beyond it the"
                    + " record is skipped: a copy of an old record produced again has no effect. Needs the"
                    + " events topic in LogAppendTime (gateways create it so); records appended before that"
                    + " are applied as before. 0 turns the check off. The same on every gateway of a cluster."),
    MAX_CONNECTIONS("max_connections", Kind.INT, Integer.toString(GatewayConfig.DEFAULT_MAX_CONNECTIONS),
            "Most open client connections on port (HTTP, long polls and websockets together); a connection"
                    + " beyond it is closed as soon as it is accepted, and the ones already open carry on. 0: the"
                    + " process's open-file limit minus " + GatewayConfig.RESERVED_FILE_DESCRIPTORS
                    + ", which are kept for Kafka, the embedded broker and the management listener."),
    HEADER_TIMEOUT("header_timeout", Kind.SECONDS, formatSeconds(GatewayConfig.DEFAULT_HEADER_TIMEOUT),
            "Seconds a client has to send the headers of a request (a websocket handshake too), counted from"
                    + " their first byte; a connection still sending them then is closed."),
    BODY_TIMEOUT("body_timeout", Kind.SECONDS, formatSeconds(GatewayConfig.DEFAULT_BODY_TIMEOUT),
            "Seconds a client has to send a whole request body once the headers are in; a connection still"
                    + " sending it then is closed."),
    KEEPALIVE_TIMEOUT("keepalive_timeout", Kind.SECONDS, formatSeconds(GatewayConfig.DEFAULT_KEEPALIVE_TIMEOUT),
            "Seconds an HTTP connection may stay open with no request in progress (before its first request or"
                    + " between two); then it is closed. Websockets and long polls are not affected."),
    MANAGEMENT_PORT("management_port", Kind.TEXT, "",
            "Port of a separate listener for /metrics, /healthz, /readyz and the admin panel (/admin/*), which"
                    + " are then no longer served on port (0 picks a free port). Empty: no such listener."),
    MANAGEMENT_HOST("management_host", Kind.TEXT, GatewayConfig.DEFAULT_MANAGEMENT_HOST,
            "Address the management listener binds to. Empty: the same as host."),
    KAFKA_CLIENT_PROPERTIES("kafka_client_properties", Kind.TEXT, GatewayConfig.DEFAULT_KAFKA_CLIENT_PROPERTIES,
            "Path of a Java properties file of Kafka client settings (security.protocol, sasl.*, ssl.*,"
                    + " ...), as Kafka's tools take with --command-config; every entry goes to every Kafka client"
                    + " of the gateway. CHANNELSTREAM_KAFKA_CLIENT_<NAME> variables add entries (SASL_MECHANISM"
                    + " sets sasl.mechanism). Entries that contradict what the gateway depends on (acks=all,"
                    + " idempotence, ...) are refused; secret values are masked in the log."),
    KAFKA_REPLICATION_FACTOR("kafka_replication_factor", Kind.INT,
            Integer.toString(GatewayConfig.DEFAULT_KAFKA_REPLICATION_FACTOR),
            "Replication factor of the topics a gateway creates (at least 1). A cluster of one broker gets 1."),
    KAFKA_MIN_INSYNC_REPLICAS("kafka_min_insync_replicas", Kind.INT,
            Integer.toString(GatewayConfig.DEFAULT_KAFKA_MIN_INSYNC_REPLICAS),
            "min.insync.replicas of the topics a gateway creates: replicas that must have an event before"
                    + " it is acknowledged. At most kafka_replication_factor; lowered to it on a cluster of one broker."),
    KAFKA_CREATE_TOPICS("kafka_create_topics", Kind.BOOL, Boolean.toString(GatewayConfig.DEFAULT_KAFKA_CREATE_TOPICS),
            "Create kafka_topic and kafka_snapshot_topic when they are missing. false (for gateways without a"
                    + " Create ACL): a missing topic stops the start with its name."),
    MAX_QUEUED_BYTES("max_queued_bytes", Kind.INT, Integer.toString(GatewayConfig.DEFAULT_MAX_QUEUED_BYTES),
            "Bytes of events waiting for one websocket beyond which it is closed as a slow consumer"
                    + " (4001); the default holds a burst of 100,000 small messages. At most "
                    + GatewayConfig.MAX_QUEUED_BYTES_LIMIT + "."),
    SLOW_CONSUMER_AFTER("slow_consumer_after", Kind.SECONDS, formatSeconds(GatewayConfig.DEFAULT_SLOW_CONSUMER_AFTER),
            "Seconds a websocket may leave events waiting without taking any before it is closed as a"
                    + " slow consumer (4001)."),
    GC_USERS_AFTER("gc_users_after", Kind.SECONDS, formatSeconds(GatewayConfig.DEFAULT_GC_USERS_AFTER),
            "Seconds a user with no connection is remembered (state, public keys, private messages for"
                    + " catch-up) after their last activity; then every gateway forgets them together, by an"
                    + " event on the log. At most 86400, the reference's day."),
    RESUME_MAX_EVENTS("resume_max_events", Kind.INT, Integer.toString(GatewayConfig.DEFAULT_RESUME_MAX_EVENTS),
            "Most events of the log a resume_from may ask to be read again; a longer resume answers"
                    + " resumed false. Every gateway of a cluster needs the same value. 0 turns resumes off.");

    /** How a value is written; parsing and validation live in {@link ConfigLoader}. */
    enum Kind { TEXT, SECRET, BOOL, INT, SECONDS, LIST, SECRET_LIST }

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

    /** True for the keys of the reference (docs/protocol.md §12). */
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
