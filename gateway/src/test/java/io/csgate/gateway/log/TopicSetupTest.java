package io.csgate.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** The gateway's topics on a real broker: created with their settings, or checked, refused, warned about. */
@ExtendWith(EmbeddedKafkaExtension.class)
class TopicSetupTest {

    private final String events = "setup-" + UUID.randomUUID();
    private final String snapshots = events + ".snapshots";
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger topicLog = (Logger) LoggerFactory.getLogger(TopicSetup.class);
    private Admin admin;

    @BeforeEach
    void setUp() {
        logged.start();
        topicLog.addAppender(logged);
        admin = KafkaClients.plain(EmbeddedKafkaExtension.bootstrapServers()).newAdmin("topic-setup-test",
                Duration.ofSeconds(20));
    }

    @AfterEach
    void tearDown() {
        topicLog.detachAppender(logged);
        admin.close();
    }

    private TopicSetup.Plan plan(int partitions, boolean create, int snapshotEvery) {
        return new TopicSetup.Plan(events, partitions, snapshots, 3, 2, create, snapshotEvery, false);
    }

    private int check(TopicSetup.Plan plan) throws InterruptedException {
        return new ClusterCheck(KafkaClients.plain(EmbeddedKafkaExtension.bootstrapServers()), plan, "setup-test")
                .await();
    }

    private Map<String, String> configOf(String topic) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config c = admin.describeConfigs(List.of(r)).all().get(20, TimeUnit.SECONDS).get(r);
        return Map.of("retention.ms", c.get("retention.ms").value(), "cleanup.policy", c.get("cleanup.policy").value(),
                "min.insync.replicas", c.get("min.insync.replicas").value());
    }

    private void create(NewTopic t) throws Exception {
        admin.createTopics(List.of(t)).all().get(20, TimeUnit.SECONDS);
    }

    private List<String> warnings() {
        return logged.list.stream().filter(e -> e.getLevel().toString().equals("WARN"))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void missingTopicsAreCreatedWithTheirSettingsAndOneReplicaOnOneBroker() throws Exception {
        assertThat(check(plan(2, true, 100))).as("brokers").isEqualTo(1);

        TopicDescription d = admin.describeTopics(List.of(events)).allTopicNames().get(20, TimeUnit.SECONDS).get(events);
        assertThat(d.partitions()).hasSize(2).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
        assertThat(configOf(events)).containsEntry("retention.ms", "-1").containsEntry("min.insync.replicas", "1")
                .containsEntry("cleanup.policy", "delete");
        assertThat(configOf(snapshots)).containsEntry("cleanup.policy", "compact").containsEntry("min.insync.replicas", "1");
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .contains("the cluster has one broker: topic " + events + " gets replication factor 1"
                        + " (kafka_replication_factor is 3)");
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aMissingTopicWithCreationOffStopsTheStartNamingIt() {
        assertThatThrownBy(() -> check(plan(1, false, 100)))
                .isInstanceOf(TopicSetup.Refused.class)
                .hasMessage("topic '" + events + "' does not exist and kafka_create_topics is false: create it"
                        + " (docs/deployment.md shows how) or let the gateway create it");
    }

    @Test
    void existingTopicsAreUsedAsTheyAreWithCreationOff() throws Exception {
        create(new NewTopic(events, 1, (short) 1).configs(TopicSetup.eventsTopicConfigs(1)));
        create(new NewTopic(snapshots, 1, (short) 1).configs(TopicSetup.snapshotTopicConfigs(1)));

        assertThat(check(plan(1, false, 100))).isEqualTo(1);
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .contains("topic " + events + " exists: 1 partition(s), replication factor 1");
        assertThat(warnings()).isEmpty();
    }

    @Test
    void anotherPartitionCountIsRefusedWithTheNumbers() throws Exception {
        create(new NewTopic(events, 3, (short) 1));

        assertThatThrownBy(() -> check(plan(1, true, 100)))
                .isInstanceOf(TopicSetup.Refused.class)
                .hasMessageStartingWith("topic '" + events + "' has 3 partition(s) but kafka_partitions is 1: set"
                        + " kafka_partitions to 3 if that layout is meant");
    }

    @Test
    void aSnapshotTopicThatIsNotCompactedIsRefused() throws Exception {
        create(new NewTopic(snapshots, 1, (short) 1).configs(Map.of("cleanup.policy", "delete")));

        assertThatThrownBy(() -> check(plan(1, true, 100)))
                .isInstanceOf(TopicSetup.Refused.class)
                .hasMessageStartingWith("snapshot topic '" + snapshots + "' has cleanup.policy=delete, not compact");
    }

    @Test
    void aFiniteRetentionOfTheEventsTopicIsWarnedAboutWithTheNumbers() throws Exception {
        create(new NewTopic(events, 1, (short) 1).configs(Map.of("retention.ms", "604800000")));

        check(plan(1, true, 50_000));

        assertThat(warnings()).singleElement().asString().startsWith("topic " + events + " deletes records older than"
                + " 7 days (retention.ms=604800000): a starting gateway replays every event after the newest snapshot"
                + " (one every 50000 events, snapshot_every_events)");
    }

    @Test
    void anEventsTopicWithProducerTimestampsIsWarnedAboutOnlyWhileTheRecordTimeWindowIsOn() throws Exception {
        create(new NewTopic(events, 1, (short) 1).configs(Map.of("retention.ms", "-1",
                "message.timestamp.type", "CreateTime")));

        check(plan(1, true, 50_000));
        assertThat(warnings()).as("record_time_window = 0").isEmpty();

        check(new TopicSetup.Plan(events, 1, snapshots, 3, 2, true, 50_000, true));
        assertThat(warnings()).singleElement().asString().startsWith("topic " + events
                + " has message.timestamp.type=CreateTime, so records produced again later are not recognised by"
                + " their time (record_time_window)");
    }

    @Test
    void aTopicTheGatewayCreatesKeepsTheBrokersAppendTime() throws Exception {
        check(new TopicSetup.Plan(events, 1, snapshots, 3, 2, true, 50_000, true));

        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, events);
        Config c = admin.describeConfigs(List.of(r)).all().get(20, TimeUnit.SECONDS).get(r);
        assertThat(c.get("message.timestamp.type").value()).isEqualTo("LogAppendTime");
        assertThat(warnings()).isEmpty();
    }

    @Test
    void theChecksSayWhatTheyFindInNumbers() {
        assertThat(TopicSetup.replicationWarning("t", 1, 3)).contains("topic t has replication factor 1 on a cluster"
                + " of 3 brokers: losing the broker that holds it loses events and stops every gateway; give it more"
                + " replicas (kafka-reassign-partitions)");
        assertThat(TopicSetup.replicationWarning("t", 1, 1)).isEmpty();
        assertThat(TopicSetup.replicationWarning("t", 3, 3)).isEmpty();
        assertThat(TopicSetup.compactionRefusal("s", Map.of("cleanup.policy", "compact, delete"))).isEmpty();
        assertThat(TopicSetup.compactionRefusal("s", Map.of())).as("not readable: not refused").isEmpty();
        assertThat(TopicSetup.retentionWarning("e", Map.of("retention.ms", "-1", "retention.bytes", "-1"), 10))
                .isEmpty();
        assertThat(TopicSetup.retentionWarning("e", Map.of("retention.ms", "-1", "retention.bytes", "1000"), 0))
                .map(w -> w.contains("records beyond 1000 bytes per partition (retention.bytes=1000)")
                        && w.contains("snapshots are off (snapshot_every_events=0)"))
                .isEqualTo(Optional.of(true));
        assertThat(TopicSetup.partitionRefusal("e", 1, 1)).isEmpty();
    }
}
