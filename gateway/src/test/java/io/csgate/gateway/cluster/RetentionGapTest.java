package io.csgate.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.csgate.gateway.log.KafkaClients;
import io.csgate.gateway.log.LogReader;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Events deleted from the log (retention) before a starting gateway could apply them: the gateway
 * still starts, on what is left, and says in its log how many events its state misses and why.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class RetentionGapTest {

    @Test
    void aGatewayStartingAfterDeletedEventsSaysHowManyItMisses() throws Exception {
        String topic = "gap-" + UUID.randomUUID();
        Map<String, String> cfg = Map.of("snapshot_every_events", "0", "kafka_snapshot_topic", topic + ".snapshots");
        try (TestGateway first = TestGateway.start(topic, cfg)) {
            for (int i = 0; i < 5; i++) {
                assertThat(first.client().post("/connect", Map.of("username", "u" + i, "channels", List.of("c")))
                        .status()).isEqualTo(200);
            }
        }
        try (Admin admin = KafkaClients.plain(EmbeddedKafkaExtension.bootstrapServers()).newAdmin("gap-test",
                Duration.ofSeconds(20))) {
            admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(4)))
                    .all().get(20, TimeUnit.SECONDS);
        }
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger readerLog = (Logger) LoggerFactory.getLogger(LogReader.class);
        readerLog.addAppender(logged);
        try (TestGateway second = TestGateway.start(topic, cfg)) {
            assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).anyMatch(m -> m.equals(
                    "4 events of " + topic + "-0 were deleted by retention before this gateway could apply them: it"
                            + " needs the log from offset 0 (no snapshot) but it starts at 4; this replica's state"
                            + " misses them. Keep the whole log (retention.ms=-1 on " + topic + ") or snapshot more"
                            + " often (snapshot_every_events)"));
        } finally {
            readerLog.detachAppender(logged);
        }
    }
}
