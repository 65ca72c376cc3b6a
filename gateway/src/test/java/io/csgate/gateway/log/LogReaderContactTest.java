package io.csgate.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A reader kept waiting by its sink (the applier busy, or sockets behind a burst) is not a reader
 * cut off from Kafka: its contact stays fresh, so the gateway does not close every socket with
 * 4002 or turn unready while it digests a burst.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class LogReaderContactTest {

    @Test
    void contactStaysFreshWhileTheSinkHoldsTheReader() throws Exception {
        String topic = "contact-" + System.nanoTime();
        TopicSetup.ensureEventsTopic(EmbeddedKafkaExtension.bootstrapServers(), topic, 1, Duration.ofSeconds(30));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaExtension.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, new byte[] {1})).get(20, TimeUnit.SECONDS);
        }
        CountDownLatch handedOver = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordSink holding = batch -> {
            handedOver.countDown();
            try {
                release.await(60, TimeUnit.SECONDS); // a sink that holds the reader back
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        LogReader reader = new LogReader(KafkaClients.plain(EmbeddedKafkaExtension.bootstrapServers()), topic, holding,
                new SimpleMeterRegistry(), "contact-test");
        try {
            reader.start(Map.of());
            assertThat(handedOver.await(30, TimeUnit.SECONDS)).isTrue();
            // longer than the 2 s probe interval: a stale contact would be over 2 s old by then
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> reader.lastContact().isAfter(Instant.now().minusSeconds(1)));
        } finally {
            release.countDown();
            reader.close();
        }
    }
}
