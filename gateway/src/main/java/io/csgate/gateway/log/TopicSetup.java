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
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the gateway's topics when they do not exist yet. Called once at start. */
public final class TopicSetup {

    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

    private TopicSetup() {}

    /**
     * Ensures the events topic exists with at least {@code partitions} partitions.
     *
     * @throws IllegalStateException naming the topic and the brokers when Kafka cannot be reached
     *     within {@code timeout}
     */
    public static void ensureEventsTopic(String bootstrap, String topic, int partitions, Duration timeout) {
        ensure(bootstrap, new NewTopic(topic, partitions, (short) 1)
                .configs(Map.of("retention.ms", "-1", "min.insync.replicas", "1")), timeout);
    }

    static void ensure(String bootstrap, NewTopic topic, Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
        try (Admin admin = Admin.create(p)) {
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
