package io.csgate.gateway.log;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the gateway's topics when they do not exist yet (the events topic with log-append
 * times), and checks that an existing events topic keeps them. Called once at start.
 */
public final class TopicSetup {

    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

    static final String TIMESTAMP_TYPE = "message.timestamp.type";
    static final String LOG_APPEND_TIME = "LogAppendTime";

    private TopicSetup() {}

    private static Properties adminProperties(String bootstrap, Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
        return p;
    }

    /**
     * Ensures the events topic exists with at least {@code partitions} partitions.
     *
     * @throws IllegalStateException naming the topic and the brokers when Kafka cannot be reached
     *     within {@code timeout}
     */
    public static void ensureEventsTopic(String bootstrap, String topic, int partitions, Duration timeout) {
        // LogAppendTime: a record's timestamp is the broker's, which a producer cannot choose, so a
        // record's signed envelope time can be held to it (RecordDecoder).
        ensure(bootstrap, new NewTopic(topic, partitions, (short) 1)
                .configs(Map.of("retention.ms", "-1", "min.insync.replicas", "1",
                        TIMESTAMP_TYPE, LOG_APPEND_TIME)), timeout);
    }

    /**
     * Warns when the events topic keeps producers' timestamps ({@code CreateTime}, the Kafka
     * default for topics made by others): then a copy of an old record produced again is caught
     * only by the duplicate-id window, and retired keys by a time the producer chooses.
     *
     * @return the topic's {@code message.timestamp.type}, or null when it could not be read
     */
    public static String checkAppendTime(String bootstrap, String topic, Duration timeout) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(adminProperties(bootstrap, timeout))) {
            ConfigEntry entry = admin.describeConfigs(List.of(resource)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource).get(TIMESTAMP_TYPE);
            String type = entry == null ? null : entry.value();
            if (!LOG_APPEND_TIME.equals(type)) {
                log.warn("topic {} has {}={}, so records produced again later are not recognised by their time"
                        + " (record_time_window); switch it: kafka-configs.sh --bootstrap-server {} --alter"
                        + " --entity-type topics --entity-name {} --add-config {}={} (docs/deployment.md)",
                        topic, TIMESTAMP_TYPE, type, bootstrap, topic, TIMESTAMP_TYPE, LOG_APPEND_TIME);
            }
            return type;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("could not read the {} of topic {}: {}", TIMESTAMP_TYPE, topic, e.toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static void ensure(String bootstrap, NewTopic topic, Duration timeout) {
        try (Admin admin = Admin.create(adminProperties(bootstrap, timeout))) {
            var existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (existing.contains(topic.name())) {
                int have = admin.describeTopics(List.of(topic.name())).allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic.name()).partitions().size();
                log.info("topic {} exists with {} partition(s)", topic.name(), have);
                return;
            }
            try {
                admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                log.info("created topic {} with {} partition(s)", topic.name(), topic.numPartitions());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot set up topic '" + topic.name() + "' on " + bootstrap + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.toString()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up topic '" + topic.name() + "'", e);
        }
    }
}
