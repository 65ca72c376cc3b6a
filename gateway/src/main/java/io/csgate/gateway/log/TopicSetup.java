package io.csgate.gateway.log;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's two topics, as operators run them. A missing topic is created (unless
 * {@code kafka_create_topics} is false: then it is a start-up error naming it) with
 * {@code kafka_replication_factor} replicas (one on a single-broker cluster) and
 * {@code kafka_min_insync_replicas}. An existing topic is checked, and the start refused or warned
 * about with the numbers: a partition count other than {@code kafka_partitions} (refused), a
 * snapshot topic that is not compacted (refused), one replica on a multi-broker cluster (warning),
 * an events topic whose retention may delete events a starting gateway still needs (warning), an
 * events topic that keeps producers' timestamps while {@code record_time_window} is on (warning:
 * copies of old records are then caught by the duplicate-id window only).
 *
 * <p>Run once at start by {@link ClusterCheck} on the starting thread. Problems of the cluster
 * (timeouts, missing ACLs, too few brokers up) are thrown for the caller to retry.
 */
public final class TopicSetup {

    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

    /** What the gateway needs of its topics, from its configuration. */
    public record Plan(String eventsTopic, int partitions, String snapshotTopic, int replicationFactor,
                       int minInsyncReplicas, boolean create, int snapshotEveryEvents, boolean appendTime) {}

    static final String TIMESTAMP_TYPE = TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG;
    static final String LOG_APPEND_TIME = "LogAppendTime";

    /** A topic the gateway will not run on; the message says what to change. Not retried. */
    public static final class Refused extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** A state of the cluster that may pass (too few brokers up to create a topic); retried. */
    static final class NotYet extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotYet(String message) {
            super(message, null, false, false);
        }
    }

    private final Admin admin;
    private final Plan plan;
    private final Duration timeout;
    private final String who;

    /** @param who the principal for messages, e.g. {@code user csgate} */
    TopicSetup(Admin admin, Plan plan, Duration timeout, String who) {
        this.admin = admin;
        this.plan = plan;
        this.timeout = timeout;
        this.who = who;
    }

    /** Settings of the events topic when a gateway creates it. */
    static Map<String, String> eventsTopicConfigs(int minInsyncReplicas) {
        Map<String, String> m = new LinkedHashMap<>();
        // A starting gateway replays from the newest snapshot (or the start): keep every event.
        m.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        m.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
        // LogAppendTime: a record's timestamp is the broker's, which a producer cannot choose, so a
        // record's signed envelope time can be held to it (RecordDecoder).
        m.put(TIMESTAMP_TYPE, LOG_APPEND_TIME);
        return m;
    }

    /** Settings of the snapshot topic when a gateway creates it. */
    static Map<String, String> snapshotTopicConfigs(int minInsyncReplicas) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        m.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(SnapshotStore.MAX_BYTES));
        m.put(TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofMinutes(10).toMillis()));
        m.put(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1");
        m.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
        return m;
    }

    /**
     * Creates or checks both topics.
     *
     * @param brokers brokers up in the cluster
     * @throws Refused for a topic the gateway will not run on
     * @throws NotYet when too few brokers are up to create a topic
     * @throws ExecutionException with Kafka's error (no contact, missing ACL, ...)
     */
    void run(int brokers) throws ExecutionException, InterruptedException, TimeoutException {
        TopicDescription events = ensure(plan.eventsTopic(), plan.partitions(), brokers, TopicSetup::eventsTopicConfigs);
        partitionRefusal(plan.eventsTopic(), events.partitions().size(), plan.partitions()).ifPresent(m -> {
            throw new Refused(m);
        });
        Map<String, String> eventsConfig = configs(plan.eventsTopic());
        retentionWarning(plan.eventsTopic(), eventsConfig, plan.snapshotEveryEvents()).ifPresent(log::warn);
        if (plan.appendTime()) {
            appendTimeWarning(plan.eventsTopic(), eventsConfig).ifPresent(log::warn);
        }

        ensure(plan.snapshotTopic(), 1, brokers, TopicSetup::snapshotTopicConfigs);
        Map<String, String> snapshotConfig = configs(plan.snapshotTopic());
        compactionRefusal(plan.snapshotTopic(), snapshotConfig).ifPresent(m -> {
            throw new Refused(m);
        });
    }

    private interface Configs {
        Map<String, String> of(int minInsyncReplicas);
    }

    private TopicDescription ensure(String topic, int partitions, int brokers, Configs configs)
            throws ExecutionException, InterruptedException, TimeoutException {
        Optional<TopicDescription> found = describe(topic);
        if (found.isEmpty()) {
            if (!plan.create()) {
                throw new Refused("topic '" + topic + "' does not exist and kafka_create_topics is false: create it"
                        + " (docs/deployment.md shows how) or let the gateway create it");
            }
            create(topic, partitions, brokers, configs);
            return describe(topic).orElseThrow(() -> new NotYet("topic '" + topic + "' was created but is not"
                    + " visible yet"));
        }
        TopicDescription d = found.get();
        int replicas = replicationFactor(d);
        log.info("topic {} exists: {} partition(s), replication factor {}", topic, d.partitions().size(), replicas);
        replicationWarning(topic, replicas, brokers).ifPresent(log::warn);
        return d;
    }

    private void create(String topic, int partitions, int brokers, Configs configs)
            throws ExecutionException, InterruptedException, TimeoutException {
        int rf = plan.replicationFactor();
        if (brokers == 1 && rf > 1) {
            log.info("the cluster has one broker: topic {} gets replication factor 1 (kafka_replication_factor is {})",
                    topic, rf);
            rf = 1;
        } else if (rf > brokers) {
            throw new NotYet("cannot create topic '" + topic + "' with replication factor " + rf
                    + " (kafka_replication_factor): " + brokers + " brokers are up");
        }
        int minIsr = Math.min(plan.minInsyncReplicas(), rf);
        NewTopic t = new NewTopic(topic, partitions, (short) rf).configs(configs.of(minIsr));
        try {
            denied(topic, "create", "Create", () -> admin.createTopics(List.of(t)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            log.info("created topic {}: {} partition(s), replication factor {}, min.insync.replicas {}", topic,
                    partitions, rf, minIsr);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidReplicationFactorException irf) {
                throw new NotYet("cannot create topic '" + topic + "' with replication factor " + rf
                        + " (kafka_replication_factor): " + irf.getMessage());
            }
            if (!(e.getCause() instanceof TopicExistsException)) { // else another gateway was faster
                throw e;
            }
        }
    }

    private Optional<TopicDescription> describe(String topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            return Optional.of(denied(topic, "describe", "Describe", () -> admin.describeTopics(List.of(topic))
                    .allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)).get(topic));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private interface Call<T> {
        T get() throws ExecutionException, InterruptedException, TimeoutException;
    }

    /** {@code call}, with a refusal of the broker told as the ACL this principal lacks (retried: ACLs can be granted). */
    private <T> T denied(String topic, String what, String acl, Call<T> call)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            return call.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException a) {
                throw new NotYet("not authorised: " + who + " may not " + what + " topic '" + topic + "' (no " + acl
                        + " ACL on it: " + a.getMessage() + ")" + (acl.equals("Create") ? "; create the topics"
                        + " beforehand and set kafka_create_topics=false, or grant Create" : "")
                        + "; see the ACL table of docs/deployment.md");
            }
            throw e;
        }
    }

    /** The topic's settings, or none (with a warning) when this user may not read them. */
    private Map<String, String> configs(String topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config c = admin.describeConfigs(List.of(r)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(r);
            Map<String, String> m = new LinkedHashMap<>();
            for (ConfigEntry e : c.entries()) {
                if (e.value() != null) {
                    m.put(e.name(), e.value());
                }
            }
            return m;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                log.warn("cannot read the settings of topic {} (this user has no DescribeConfigs ACL on it):"
                        + " its compaction and retention are not checked", topic);
                return Map.of();
            }
            throw e;
        }
    }

    private static int replicationFactor(TopicDescription d) {
        return d.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
    }

    static Optional<String> partitionRefusal(String topic, int have, int configured) {
        if (have == configured) {
            return Optional.empty();
        }
        return Optional.of("topic '" + topic + "' has " + have + " partition(s) but kafka_partitions is " + configured
                + ": set kafka_partitions to " + have + " if that layout is meant, else use another kafka_topic"
                + " (every gateway of a cluster must agree on how events are ordered)");
    }

    static Optional<String> replicationWarning(String topic, int replicas, int brokers) {
        if (replicas != 1 || brokers <= 1) {
            return Optional.empty();
        }
        return Optional.of("topic " + topic + " has replication factor 1 on a cluster of " + brokers + " brokers: losing"
                + " the broker that holds it loses events and stops every gateway; give it more replicas"
                + " (kafka-reassign-partitions)");
    }

    static Optional<String> compactionRefusal(String topic, Map<String, String> configs) {
        String policy = configs.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (policy == null || List.of(policy.replace(" ", "").split(",")).contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            return Optional.empty();
        }
        return Optional.of("snapshot topic '" + topic + "' has cleanup.policy=" + policy + ", not compact: the newest"
                + " snapshot would be deleted with the old ones; set cleanup.policy=compact on it (kafka-configs"
                + " --alter --add-config cleanup.policy=compact) or use another kafka_snapshot_topic");
    }

    static Optional<String> retentionWarning(String topic, Map<String, String> configs, int snapshotEveryEvents) {
        long ms = number(configs.get(TopicConfig.RETENTION_MS_CONFIG));
        long bytes = number(configs.get(TopicConfig.RETENTION_BYTES_CONFIG));
        if (ms < 0 && bytes < 0) {
            return Optional.empty();
        }
        String limit = (ms >= 0 ? "records older than " + human(ms) + " (retention.ms=" + ms + ")" : "")
                + (ms >= 0 && bytes >= 0 ? " and " : "")
                + (bytes >= 0 ? "records beyond " + bytes + " bytes per partition (retention.bytes=" + bytes + ")" : "");
        String need = snapshotEveryEvents > 0
                ? "a starting gateway replays every event after the newest snapshot (one every " + snapshotEveryEvents
                        + " events, snapshot_every_events), so events are lost to new gateways whenever fewer than that"
                        + " arrive within the retention"
                : "snapshots are off (snapshot_every_events=0), so a starting gateway replays the whole log and"
                        + " misses every deleted event";
        return Optional.of("topic " + topic + " deletes " + limit + ": " + need + "; set retention.ms=-1 and"
                + " retention.bytes=-1 on it to keep the whole log");
    }

    /**
     * A warning when the events topic keeps producers' timestamps ({@code CreateTime}, Kafka's
     * default for topics made by others): then a copy of an old record produced again is caught
     * only by the duplicate-id window, and retired keys by a time the producer chooses.
     */
    static Optional<String> appendTimeWarning(String topic, Map<String, String> configs) {
        String type = configs.get(TIMESTAMP_TYPE);
        if (type == null || LOG_APPEND_TIME.equals(type)) { // null: the settings could not be read
            return Optional.empty();
        }
        return Optional.of("topic " + topic + " has " + TIMESTAMP_TYPE + "=" + type + ", so records produced again"
                + " later are not recognised by their time (record_time_window); switch it: kafka-configs.sh"
                + " --alter --entity-type topics --entity-name " + topic + " --add-config " + TIMESTAMP_TYPE + "="
                + LOG_APPEND_TIME + " (docs/deployment.md)");
    }

    /**
     * The events topic's {@code message.timestamp.type}, read on a plain connection, with the
     * warning of {@link #appendTimeWarning} logged. For tools and tests.
     *
     * @return the type, or null when it could not be read
     */
    public static String checkAppendTime(String bootstrap, String topic, Duration timeout) {
        Plan p = new Plan(topic, 1, topic, 1, 1, false, 0, true);
        try (Admin admin = KafkaClients.plain(bootstrap).newAdmin("csgate-topic-setup", timeout)) {
            Map<String, String> configs = new TopicSetup(admin, p, timeout, "this client").configs(topic);
            appendTimeWarning(topic, configs).ifPresent(log::warn);
            return configs.get(TIMESTAMP_TYPE);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("could not read the {} of topic {}: {}", TIMESTAMP_TYPE, topic, e.toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static long number(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String human(long ms) {
        Duration d = Duration.ofMillis(ms);
        if (d.toDays() >= 1 && d.toHoursPart() == 0) {
            return d.toDays() + " days";
        }
        if (d.toHours() >= 1 && d.toMinutesPart() == 0) {
            return d.toHours() + " hours";
        }
        return d.toSeconds() + " s";
    }

    /**
     * Creates the events topic with {@code partitions} partitions on a plain connection if it is
     * missing (one replica). For tools and tests that need a topic before any gateway starts.
     */
    public static void ensureEventsTopic(String bootstrap, String topic, int partitions, Duration timeout) {
        ensurePlain(bootstrap, topic, partitions, TopicSetup::eventsTopicConfigs, timeout);
    }

    /** Creates the snapshot topic if it is missing, on a plain connection (one replica). For tests and tools. */
    public static void ensureSnapshotTopic(String bootstrap, String topic, Duration timeout) {
        ensurePlain(bootstrap, topic, 1, TopicSetup::snapshotTopicConfigs, timeout);
    }

    private static void ensurePlain(String bootstrap, String topic, int partitions, Configs configs,
                                    Duration timeout) {
        Plan p = new Plan(topic, partitions, topic, 1, 1, true, 0, false);
        try (Admin admin = KafkaClients.plain(bootstrap).newAdmin("csgate-topic-setup", timeout)) {
            new TopicSetup(admin, p, timeout, "this client").ensure(topic, partitions, 1, configs);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot set up topic '" + topic + "' on " + bootstrap + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.toString()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up topic '" + topic + "'", e);
        }
    }
}
