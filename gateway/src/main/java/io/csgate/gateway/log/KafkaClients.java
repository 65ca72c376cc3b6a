package io.csgate.gateway.log;

import io.csgate.common.kafka.ClientProperties;
import io.csgate.common.kafka.ClientProperties.Pin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The one place where a gateway's Kafka clients get their configuration: the events producer, the
 * log reader's consumer, the snapshot producer and consumer, and the admin client of the start-up
 * checks. Each client gets, in this order: the gateway's defaults for that client, every entry of
 * the operator's Kafka client settings ({@code kafka_client_properties} and
 * {@code CHANNELSTREAM_KAFKA_CLIENT_*}: security, timeouts, tuning), and the settings the gateway
 * depends on ({@link #pins}), which no entry may contradict ({@link #check}, at config load).
 *
 * <p>Immutable and thread-safe; the clients it makes belong to their callers.
 */
public final class KafkaClients {

    private static final String BYTES_OUT = ByteArraySerializer.class.getName();
    private static final String BYTES_IN = ByteArrayDeserializer.class.getName();

    private final String bootstrap;
    private final ClientProperties operator;

    /**
     * @param bootstrap {@code host:port} list of the cluster
     * @param operator the operator's entries; checked here too
     * @throws IllegalArgumentException when an entry contradicts a setting the gateway depends on
     */
    public KafkaClients(String bootstrap, ClientProperties operator) {
        check(operator, bootstrap);
        this.bootstrap = bootstrap;
        this.operator = operator;
    }

    /** Clients with no operator settings: plain connections (the embedded broker, tests). */
    public static KafkaClients plain(String bootstrap) {
        return new KafkaClients(bootstrap, ClientProperties.NONE);
    }

    /**
     * Refuses operator entries that contradict what any of the gateway's clients depends on.
     *
     * @throws IllegalArgumentException one line naming the key, where it was set, and why
     */
    public static void check(ClientProperties operator, String bootstrap) {
        List<Pin> all = new ArrayList<>(pins(bootstrap, Kind.PRODUCER));
        all.addAll(pins(bootstrap, Kind.CONSUMER));
        operator.check(all);
    }

    private enum Kind { PRODUCER, CONSUMER, ADMIN }

    /** What the gateway depends on, per kind of client. */
    static List<Pin> pins(String bootstrap, Kind kind) {
        List<Pin> p = new ArrayList<>();
        p.add(Pin.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                "the cluster is named by kafka_bootstrap_servers"));
        p.add(Pin.unset(CommonClientConfigs.CLIENT_ID_CONFIG,
                "the gateway names each of its clients itself (csgate-<gateway_id>-producer, -reader, ...)"));
        if (kind == Kind.PRODUCER) {
            p.add(Pin.of(ProducerConfig.ACKS_CONFIG, "all",
                    "an event is acknowledged only once every in-sync replica has it"));
            p.add(Pin.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    "retries must never write an event twice or out of order"));
            p.add(Pin.unset(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "the gateway's producers are not transactional"));
            p.add(Pin.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, BYTES_OUT, "records are raw bytes"));
            p.add(Pin.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, BYTES_OUT, "records are raw bytes"));
        } else if (kind == Kind.CONSUMER) {
            p.add(Pin.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    "every gateway reads the whole log with assign() and commits no offsets"));
            p.add(Pin.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    "a replica must never skip records of the log"));
            p.add(Pin.of(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, BYTES_IN, "records are raw bytes"));
            p.add(Pin.of(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, BYTES_IN, "records are raw bytes"));
        }
        return p;
    }

    private Properties make(Kind kind, String clientId, Map<String, ?> defaults) {
        Properties p = operator.apply(defaults, pins(bootstrap, kind));
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return p;
    }

    /** The events producer of {@link EventPublisher}: every wait bounded by {@code timeout}. */
    Properties eventProducer(String clientId, Duration timeout) {
        long ms = Math.max(1000, timeout.toMillis());
        // Batching without waiting: an idle producer sends a record at once (no linger), and while
        // its one produce request is in flight, everything submitted meanwhile gathers into the
        // next batch (up to batch.size). Measured (docs/benchmarks.md): light-load latency p50
        // about 1 ms lower than linger 1 ms, single-message ingest about 20% higher than five in
        // flight, batched ingest unchanged.
        return make(Kind.PRODUCER, clientId, Map.of(
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                // Events are small JSON records in small batches: lz4 saved little and cost CPU three
                // times over (producer, broker validation, every consumer).
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
                // Bounded: a REST caller gets its 503 instead of a hang when Kafka is away.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, ms,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(500, ms - 10),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ms + 10,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000));
    }

    /** The consumer of {@link LogReader}. */
    Properties logConsumer(String clientId) {
        return make(Kind.CONSUMER, clientId, Map.of(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                // The broker answers a waiting fetch as soon as a record arrives, so this bounds only idle
                // fetches, which cost the idle gateway and its broker CPU: 500 ms instead of 50 took it from
                // 9.9% to 6.2% of a core. At 2 s a fetch rarely expires at all: every gateway's own heartbeat
                // (gateway_heartbeat_interval) answers it first (docs/benchmarks.md, idle).
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 2000,
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024,
                ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000));
    }

    /** The producer of {@link SnapshotStore}: large records, compressed. */
    Properties snapshotProducer(String clientId) {
        return make(Kind.PRODUCER, clientId, Map.of(
                // snapshots are gzip-compressed by their codec already
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, SnapshotStore.MAX_BYTES,
                ProducerConfig.BUFFER_MEMORY_CONFIG, (long) SnapshotStore.MAX_BYTES * 2,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000));
    }

    /** The consumer that finds the newest snapshot at start. */
    Properties snapshotConsumer(String clientId) {
        return make(Kind.CONSUMER, clientId, Map.of(
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, SnapshotStore.MAX_BYTES,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, SnapshotStore.MAX_BYTES));
    }

    /** The admin client of the start-up checks: each call bounded by {@code timeout}. */
    Properties admin(String clientId, Duration timeout) {
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        return make(Kind.ADMIN, clientId, Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(ms, 10_000),
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000));
    }

    KafkaProducer<byte[], byte[]> producer(Properties p) {
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    KafkaConsumer<byte[], byte[]> consumer(Properties p) {
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** An admin client; see {@link #admin(String, Duration)}. */
    public Admin newAdmin(String clientId, Duration timeout) {
        return Admin.create(admin(clientId, timeout));
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    /** The operator's entries (for naming the user, mechanism and protocol in error messages). */
    public ClientProperties operator() {
        return operator;
    }

    /** {@code security.protocol} in effect: the operator's, else Kafka's default PLAINTEXT. */
    public String securityProtocol() {
        return operator.value(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG).map(String::strip).orElse("PLAINTEXT");
    }
}
