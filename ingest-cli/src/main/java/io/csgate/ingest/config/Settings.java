package io.csgate.ingest.config;

import io.csgate.common.event.Topics;
import io.csgate.common.kafka.ClientProperties;
import io.csgate.ingest.IngestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Where to produce and how to sign, resolved once per command.
 *
 * <p>Each value comes from the first of: its flag; the {@code [channelstream]} section of the ini
 * file (given with {@code --ini} or named by {@code CHANNELSTREAM_INI}); otherwise the
 * {@code CHANNELSTREAM_<KEY>} environment variable; otherwise the gateway's default. As for the
 * gateway, with an ini file the {@code CHANNELSTREAM_*} setting variables are ignored (with a
 * warning), so the CLI pointed at a gateway's configuration signs with that gateway's secret.
 *
 * <p>Kafka client settings (TLS, SASL, ...) come as for the gateway: the properties file of
 * {@code --kafka-client-properties}, else of {@code kafka_client_properties} (ini) or
 * {@code CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES}; without an ini file,
 * {@code CHANNELSTREAM_KAFKA_CLIENT_<NAME>} variables add entries and win over the file's.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param topic the events topic
 * @param secret the shared secret records are signed with; never printed
 * @param kafkaClient the Kafka client settings; secret values never printed
 */
public record Settings(String bootstrapServers, String topic, String secret, ClientProperties kafkaClient) {

    /** The ini section, the same as the gateway's. */
    public static final String SECTION = "channelstream";
    public static final String INI_ENV = "CHANNELSTREAM_INI";
    /** A gateway started without bootstrap servers runs an embedded broker on this port. */
    public static final int DEFAULT_EMBEDDED_KAFKA_PORT = 9092;

    static final String KEY_BOOTSTRAP = "kafka_bootstrap_servers";
    static final String KEY_TOPIC = "kafka_topic";
    static final String KEY_SECRET = "secret";
    static final String KEY_EMBEDDED_PORT = "embedded_kafka_port";
    static final String KEY_CLIENT_PROPERTIES = "kafka_client_properties";
    private static final List<String> KEYS = List.of(KEY_BOOTSTRAP, KEY_TOPIC, KEY_SECRET, KEY_EMBEDDED_PORT,
            KEY_CLIENT_PROPERTIES);
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern HOST_PORT = Pattern.compile("[^\\s,]+:\\d{1,5}");

    public Settings {
        Objects.requireNonNull(kafkaClient, "kafkaClient");
    }

    /** Settings without Kafka client settings (a plain connection). */
    public Settings(String bootstrapServers, String topic, String secret) {
        this(bootstrapServers, topic, secret, ClientProperties.NONE);
    }

    @Override
    public String toString() {
        return "Settings[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", secret=****, kafkaClient="
                + kafkaClient.describe() + "]";
    }

    /** The flags a user gave; {@code null} means not given. */
    public record Flags(String bootstrapServers, String topic, Path secretFile, Path ini, Path kafkaClientProperties) {

        public Flags(String bootstrapServers, String topic, Path secretFile, Path ini) {
            this(bootstrapServers, topic, secretFile, ini, null);
        }
    }

    /**
     * Resolves the settings.
     *
     * @param needSecret false for {@code --dry-run}: the secret is not read
     * @param warnings receives one line per problem that does not stop the command
     * @throws IngestException (usage) naming the key and where it came from, for a bad value
     */
    public static Settings resolve(Flags flags, Map<String, String> env, boolean needSecret,
                                   Consumer<String> warnings) {
        Path ini = flags.ini();
        String named = env.get(INI_ENV);
        if (ini == null && named != null && !named.isBlank()) {
            ini = Path.of(named.strip());
        }
        Source source = ini == null ? Source.environment(env) : Source.ini(ini, IniSection.read(ini, SECTION));
        if (ini != null) {
            List<String> ignored = new ArrayList<>();
            KEYS.forEach(k -> {
                if (env.containsKey(envName(k))) {
                    ignored.add(envName(k));
                }
            });
            new TreeSet<>(env.keySet()).stream()
                    .filter(n -> n.startsWith(ClientProperties.VARIABLE_PREFIX) && !n.equals(ClientProperties.FILE_VARIABLE))
                    .forEach(ignored::add);
            if (!ignored.isEmpty()) {
                warnings.accept("config file '" + ini + "' is used, so these environment variables are ignored"
                        + " (as by the gateway): " + String.join(", ", ignored));
            }
        }
        String bootstrap = flags.bootstrapServers() != null
                ? check(flags.bootstrapServers(), "--bootstrap-servers")
                : bootstrapFrom(source);
        String topic = flags.topic() != null ? topic(flags.topic(), "--topic") : topicFrom(source);
        String secret = needSecret ? secret(flags.secretFile(), source) : null;
        ClientProperties kafkaClient = KafkaClientFile.read(flags.kafkaClientProperties(),
                source.get(KEY_CLIENT_PROPERTIES), source.where(KEY_CLIENT_PROPERTIES),
                source.ini() ? Map.of() : env, warnings);
        return new Settings(bootstrap, topic, secret, kafkaClient);
    }

    static String envName(String key) {
        return "CHANNELSTREAM_" + key.toUpperCase(Locale.ROOT);
    }

    private static String bootstrapFrom(Source source) {
        String v = source.get(KEY_BOOTSTRAP);
        if (v != null && !v.isBlank()) {
            return check(v, source.where(KEY_BOOTSTRAP));
        }
        // Empty means "the gateway runs an embedded broker": it listens on 127.0.0.1.
        String port = source.get(KEY_EMBEDDED_PORT);
        int p = DEFAULT_EMBEDDED_KAFKA_PORT;
        if (port != null && !port.isBlank()) {
            try {
                p = Integer.parseInt(port.strip());
            } catch (NumberFormatException e) {
                throw IngestException.usage(source.where(KEY_EMBEDDED_PORT) + ": not a port: '" + port.strip() + "'");
            }
            if (p <= 0 || p > 65535) {
                throw IngestException.usage(source.where(KEY_EMBEDDED_PORT) + " is " + p
                        + " and kafka_bootstrap_servers is empty, so the broker's address is unknown:"
                        + " pass --bootstrap-servers");
            }
        }
        return "127.0.0.1:" + p;
    }

    /** Checks a {@code host:port} list and returns it without blanks (an ini value may span lines). */
    private static String check(String bootstrap, String where) {
        List<String> parts = new ArrayList<>();
        for (String part : bootstrap.strip().split(",")) {
            String p = part.strip();
            if (!HOST_PORT.matcher(p).matches()) {
                throw IngestException.usage(where + ": expected host:port[,host:port...], got '" + bootstrap.strip()
                        + "'");
            }
            parts.add(p);
        }
        return String.join(",", parts);
    }

    private static String topicFrom(Source source) {
        String v = source.get(KEY_TOPIC);
        return v == null || v.isBlank() ? Topics.DEFAULT_EVENTS_TOPIC : topic(v, source.where(KEY_TOPIC));
    }

    private static String topic(String topic, String where) {
        String v = topic.strip();
        if (!TOPIC.matcher(v).matches()) {
            throw IngestException.usage(where + ": not a Kafka topic name (letters, digits, '.', '_', '-'; 1 to 249): '"
                    + v + "'");
        }
        return v;
    }

    private static String secret(Path file, Source source) {
        if (file != null) {
            String s;
            try {
                s = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw IngestException.usage("cannot read --secret-file '" + file + "': " + reason(e));
            }
            // A file written by `echo` ends with a newline that is not part of the secret.
            s = s.strip();
            if (s.isEmpty()) {
                throw IngestException.usage("--secret-file '" + file + "' is empty");
            }
            return s;
        }
        String s = source.get(KEY_SECRET);
        if (s == null || s.isEmpty()) {
            // Never a default: records signed with a secret the gateways do not share are all skipped.
            throw IngestException.usage(source.ini
                    ? "no secret in [" + SECTION + "] of " + source.origin + ": add 'secret = ...' there (the"
                            + " gateways' secret) or pass --secret-file FILE; " + envName(KEY_SECRET)
                            + " is ignored when an ini file is used"
                    : "no secret configured: set " + envName(KEY_SECRET) + " or pass --secret-file FILE (the"
                            + " gateways' secret), or -i the gateways' config.ini");
        }
        return s;
    }

    static String reason(IOException e) {
        String type = e.getClass().getSimpleName();
        return switch (type) {
            case "NoSuchFileException" -> "no such file";
            case "AccessDeniedException" -> "permission denied";
            case "NotDirectoryException", "FileSystemException" -> e.getMessage();
            default -> e.getMessage() != null ? e.getMessage() : type;
        };
    }

    /** Key lookups in one place, and how to name where a value came from in an error. */
    private record Source(Map<String, String> values, String origin, boolean ini) {

        static Source environment(Map<String, String> env) {
            return new Source(env, "environment", false);
        }

        static Source ini(Path path, Map<String, String> section) {
            return new Source(section, path.toString(), true);
        }

        String get(String key) {
            return values.get(ini ? key : envName(key));
        }

        String where(String key) {
            return ini ? key + " in [" + SECTION + "] of " + origin : envName(key);
        }
    }
}
