package io.csgate.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The backwards search for the newest snapshot of one events topic among many records. */
@ExtendWith(EmbeddedKafkaExtension.class)
class SnapshotStoreTest {

    @Test
    void findsTheNewestSnapshotOfEachEventsTopicWhereverItIs() throws Exception {
        String topic = "snapshots-" + System.nanoTime();
        TopicSetup.ensureSnapshotTopic(EmbeddedKafkaExtension.bootstrapServers(), topic, Duration.ofSeconds(20));
        try (SnapshotStore store = new SnapshotStore(KafkaClients.plain(EmbeddedKafkaExtension.bootstrapServers()), topic,
                "store-test")) {
            assertThat(store.latest("a", Duration.ofSeconds(20))).as("empty topic").isEmpty();
            for (int i = 0; i < 5; i++) {
                write(store, "a", "a" + i);
                write(store, "b", "b" + i);
            }
            write(store, "old", "old-only");
            for (int i = 5; i < 150; i++) { // "old" is now 150+ records from the end
                write(store, "b", "b" + i);
            }
            write(store, "a", "a-last");
            write(store, "b", "b-last");
            assertThat(text(store, "b")).isEqualTo("b-last");
            assertThat(text(store, "a")).isEqualTo("a-last");
            assertThat(text(store, "old")).isEqualTo("old-only");
            assertThat(store.latest("none", Duration.ofSeconds(20))).isEmpty();
        }
    }

    private static void write(SnapshotStore store, String key, String value) throws Exception {
        store.write(key, value.getBytes(StandardCharsets.UTF_8)).get(20, TimeUnit.SECONDS);
    }

    private static String text(SnapshotStore store, String key) {
        return new String(store.latest(key, Duration.ofSeconds(20)).orElseThrow(), StandardCharsets.UTF_8);
    }
}
