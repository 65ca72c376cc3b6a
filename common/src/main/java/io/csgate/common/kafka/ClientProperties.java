package io.csgate.common.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Kafka client settings written by the operator, each with where it was written: entries of a
 * standard Java properties file (the {@code --command-config client.properties} convention of
 * Kafka's own tools) and {@code CHANNELSTREAM_KAFKA_CLIENT_<NAME>} environment variables.
 *
 * <p>A program passes every entry to every Kafka client it makes, on top of its own defaults,
 * and protects the settings it depends on with {@link Pin}s: an entry that contradicts a pin is
 * refused ({@link #check}), never silently overridden. Values of secret settings (passwords,
 * {@code sasl.jaas.config}, private keys) are shown as {@code ****} by {@link #describe}.
 *
 * <p>Variable names map to property names as in Confluent's container images: after the prefix,
 * {@code _} is {@code .}, {@code __} is {@code _} and {@code ___} is {@code -}, lower-cased, so
 * {@code CHANNELSTREAM_KAFKA_CLIENT_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}.
 * {@code CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES} itself names the file and is not an entry.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClientProperties {

    /** The variable naming the properties file ({@code kafka_client_properties}). */
    public static final String FILE_VARIABLE = "CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES";
    /** Variables with this prefix (other than {@link #FILE_VARIABLE}) are entries. */
    public static final String VARIABLE_PREFIX = "CHANNELSTREAM_KAFKA_CLIENT_";
    /** No entries. */
    public static final ClientProperties NONE = new ClientProperties(new TreeMap<>());
    /** Largest properties file read: certificates written inline take a few kilobytes. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;

    static final String MASK = "****";
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(password|secret|jaas|credential|token|user\\.info|private|\\.key$).*");
    private static final Pattern PROPERTY_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Set<String> PASSWORD_KEYS = passwordKeys();
    private static final Set<String> CLIENT_KEYS = clientKeys();

    /** An entry: its value, and where it was written (a file, or a variable's name). */
    public record Entry(String value, String origin) {}

    /**
     * A setting a program depends on: {@code value} (given to the client as it is, compared with
     * entries as text), or no value at all when {@code value} is null. {@code why} completes the
     * refusal of an entry that contradicts it.
     */
    public record Pin(String key, Object value, String why) {

        /** {@code key} must be {@code value} (compared without case, blanks around commas ignored). */
        public static Pin of(String key, Object value, String why) {
            return new Pin(key, Objects.requireNonNull(value, key), why);
        }

        /** {@code key} must not be set by the operator at all. */
        public static Pin unset(String key, String why) {
            return new Pin(key, null, why);
        }
    }

    private final SortedMap<String, Entry> entries;

    private ClientProperties(SortedMap<String, Entry> entries) {
        this.entries = Collections.unmodifiableSortedMap(entries);
    }

    /**
     * The entries of a properties file, read as Kafka's tools read it
     * ({@link Properties#load(InputStream)}: ISO-8859-1, non-Latin characters written as Unicode escapes).
     *
     * @throws IOException when it cannot be read, or is larger than {@link #MAX_FILE_BYTES}
     */
    public static ClientProperties load(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("is a directory");
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException("is larger than " + MAX_FILE_BYTES + " bytes");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IllegalArgumentException e) { // a malformed Unicode escape
            throw new IOException(e.getMessage(), e);
        }
        SortedMap<String, Entry> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k.strip(), new Entry(p.getProperty(k), file.toString())));
        return new ClientProperties(m);
    }

    /**
     * The {@code CHANNELSTREAM_KAFKA_CLIENT_<NAME>} variables of {@code env}.
     *
     * @throws IllegalArgumentException naming a variable whose name maps to no property name
     */
    public static ClientProperties fromEnvironment(Map<String, String> env) {
        SortedMap<String, Entry> m = new TreeMap<>();
        new TreeSet<>(env.keySet()).stream()
                .filter(n -> n.startsWith(VARIABLE_PREFIX) && !n.equals(FILE_VARIABLE))
                .forEach(n -> m.put(propertyName(n), new Entry(env.get(n), n)));
        return new ClientProperties(m);
    }

    /**
     * The property a {@code CHANNELSTREAM_KAFKA_CLIENT_<NAME>} variable sets.
     *
     * @throws IllegalArgumentException when the name maps to no property name
     */
    public static String propertyName(String variable) {
        String rest = variable.startsWith(VARIABLE_PREFIX) ? variable.substring(VARIABLE_PREFIX.length()) : variable;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rest.length(); ) {
            char c = rest.charAt(i);
            if (c != '_') {
                b.append(Character.toLowerCase(c));
                i++;
                continue;
            }
            int run = 0;
            while (i < rest.length() && rest.charAt(i) == '_') {
                run++;
                i++;
            }
            if (run > 3) {
                throw new IllegalArgumentException("variable " + variable + " holds " + run
                        + " underscores in a row ('_' is '.', '__' is '_', '___' is '-')");
            }
            b.append(run == 1 ? '.' : run == 2 ? '_' : '-');
        }
        String name = b.toString();
        if (!PROPERTY_NAME.matcher(name).matches() || name.endsWith(".")) {
            throw new IllegalArgumentException("variable " + variable + " names no Kafka client property ("
                    + VARIABLE_PREFIX + "SASL_MECHANISM sets sasl.mechanism)");
        }
        return name;
    }

    /** The variable that sets {@code property}: the reverse of {@link #propertyName}. */
    public static String variableName(String property) {
        StringBuilder b = new StringBuilder(VARIABLE_PREFIX);
        for (char c : property.toCharArray()) {
            switch (c) {
                case '.' -> b.append('_');
                case '_' -> b.append("__");
                case '-' -> b.append("___");
                default -> b.append(Character.toUpperCase(c));
            }
        }
        return b.toString();
    }

    /** These entries with {@code other}'s added; where both have a key, {@code other}'s wins. */
    public ClientProperties overriddenBy(ClientProperties other) {
        SortedMap<String, Entry> m = new TreeMap<>(entries);
        m.putAll(other.entries);
        return new ClientProperties(m);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Every entry by property name, sorted. */
    public SortedMap<String, Entry> entries() {
        return entries;
    }

    /** The value of {@code key}, if set. */
    public Optional<String> value(String key) {
        return Optional.ofNullable(entries.get(key)).map(Entry::value);
    }

    /** {@code key = value (origin)} per entry, sorted, secret values shown as {@code ****}. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        entries.forEach((k, e) -> out.add(k + " = " + masked(k, e.value()) + " (" + e.origin() + ")"));
        return out;
    }

    /**
     * Whether the value of {@code key} is a secret: a password-type setting of Kafka's clients
     * ({@code sasl.jaas.config}, {@code ssl.key.password}, ...) or a name that says so.
     */
    public static boolean isSecret(String key) {
        return PASSWORD_KEYS.contains(key) || SECRET_NAME.matcher(key).matches();
    }

    /** {@code ****} for a secret, else the value. */
    public static String masked(String key, String value) {
        return isSecret(key) ? MASK : value;
    }

    /**
     * One warning per entry that no Kafka producer, consumer or admin client knows (a typo, or a
     * setting of another client library such as librdkafka's {@code sasl.username}). Such entries
     * are passed on all the same: login modules and plug-ins read settings of their own.
     */
    public List<String> unknownKeys() {
        List<String> out = new ArrayList<>();
        entries.forEach((k, e) -> {
            if (!CLIENT_KEYS.contains(k)) {
                out.add("'" + k + "' (" + e.origin() + ") is not a setting of Kafka's Java clients; it is passed on"
                        + " anyway" + closest(k).map(c -> "; did you mean '" + c + "'?").orElse(""));
            }
        });
        return out;
    }

    /**
     * The first entry naming a key or trust store file that cannot be read, as {@code key=path
     * (origin): reason}: found when the settings are read rather than by every client as it starts.
     */
    public Optional<String> unreadableStore() {
        for (String key : List.of("ssl.truststore.location", "ssl.keystore.location")) {
            Entry e = entries.get(key);
            if (e == null || e.value().isBlank()) {
                continue;
            }
            Path p = Path.of(e.value().strip());
            String why = !Files.exists(p) ? "no such file" : Files.isDirectory(p) ? "a directory, not a file"
                    : !Files.isReadable(p) ? "not readable" : null;
            if (why != null) {
                return Optional.of(key + "=" + e.value().strip() + " (" + e.origin() + "): " + why);
            }
        }
        return Optional.empty();
    }

    /**
     * Refuses the first entry that contradicts a pin.
     *
     * @throws IllegalArgumentException one line naming the key, where it was written, and why
     */
    public void check(Collection<Pin> pins) {
        for (Pin pin : pins) {
            Entry e = entries.get(pin.key());
            if (e == null) {
                continue;
            }
            if (pin.value() == null) {
                throw new IllegalArgumentException(pin.key() + " (" + e.origin() + ") cannot be set: " + pin.why());
            }
            if (!same(pin.key(), e.value(), String.valueOf(pin.value()))) {
                throw new IllegalArgumentException(pin.key() + "=" + masked(pin.key(), e.value()) + " (" + e.origin()
                        + ") contradicts " + pin.key() + "=" + pin.value() + ": " + pin.why());
            }
        }
    }

    /**
     * Client properties: {@code defaults}, then every entry (which may change them), then the
     * pinned values.
     *
     * @throws IllegalArgumentException as {@link #check} does
     */
    public Properties apply(Map<String, ?> defaults, Collection<Pin> pins) {
        check(pins);
        Properties p = new Properties();
        p.putAll(defaults);
        entries.forEach((k, e) -> p.put(k, e.value()));
        for (Pin pin : pins) {
            if (pin.value() != null) {
                p.put(pin.key(), pin.value());
            }
        }
        return p;
    }

    private static boolean same(String key, String a, String b) {
        return normal(key, a).equals(normal(key, b));
    }

    private static String normal(String key, String value) {
        String v = value.strip().replaceAll("\\s*,\\s*", ",").toLowerCase(Locale.ROOT);
        return key.equals(ProducerConfig.ACKS_CONFIG) && v.equals("-1") ? "all" : v;
    }

    private static Optional<String> closest(String key) {
        String alias = switch (key) { // librdkafka's names for the same settings
            case "sasl.mechanisms" -> "sasl.mechanism";
            case "sasl.username", "sasl.password" -> "sasl.jaas.config";
            case "ssl.ca.location" -> "ssl.truststore.location";
            default -> null;
        };
        if (alias != null) {
            return Optional.of(alias);
        }
        return CLIENT_KEYS.stream().filter(k -> distance(key, k) <= 2).findFirst();
    }

    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2) {
            return 3;
        }
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

    private static Stream<ConfigDef> definitions() {
        return Stream.of(ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef());
    }

    private static Set<String> passwordKeys() {
        Set<String> s = new TreeSet<>();
        definitions().forEach(d -> d.configKeys().forEach((k, v) -> {
            if (v.type == ConfigDef.Type.PASSWORD) {
                s.add(k);
            }
        }));
        return Set.copyOf(s);
    }

    private static Set<String> clientKeys() {
        Set<String> s = new TreeSet<>();
        definitions().forEach(d -> s.addAll(d.names()));
        return Collections.unmodifiableSet(s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientProperties c && c.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** Secrets masked, as in {@link #describe()}. */
    @Override
    public String toString() {
        return "ClientProperties" + describe();
    }
}
