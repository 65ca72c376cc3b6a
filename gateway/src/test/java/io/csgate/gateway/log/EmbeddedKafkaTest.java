package io.csgate.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class EmbeddedKafkaTest {

    @Test
    void createsTheTopicWithItsPartitionsAndRoundTripsRecords() throws Exception {
        String bootstrap = EmbeddedKafkaExtension.bootstrapServers();
        TopicSetup.ensureEventsTopic(bootstrap, "embedded-roundtrip", 3, Duration.ofSeconds(20));
        // a second call on an existing topic is a no-op, not an error
        TopicSetup.ensureEventsTopic(bootstrap, "embedded-roundtrip", 3, Duration.ofSeconds(20));

        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(ap)) {
            var desc = admin.describeTopics(List.of("embedded-roundtrip")).allTopicNames().get(10, TimeUnit.SECONDS);
            assertThat(desc.get("embedded-roundtrip").partitions()).hasSize(3);
        }

        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("embedded-roundtrip", 0, null,
                        ("v" + i).getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
            }
        }

        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition("embedded-roundtrip", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (seen.size() < 10 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(seen).containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
    }

    @Test
    void restartingOnTheSameFolderKeepsTheLog(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        try (EmbeddedKafka first = EmbeddedKafka.start(dir, 0, 0)) {
            TopicSetup.ensureEventsTopic(first.bootstrapServers(), "kept", 1, Duration.ofSeconds(20));
            Properties pp = new Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> producer =
                         new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>("kept", "x".getBytes(StandardCharsets.UTF_8)))
                        .get(10, TimeUnit.SECONDS);
            }
        }
        try (EmbeddedKafka second = EmbeddedKafka.start(dir, 0, 0)) {
            Properties cp = new Properties();
            cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, second.bootstrapServers());
            try (KafkaConsumer<byte[], byte[]> consumer =
                         new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                TopicPartition tp = new TopicPartition("kept", 0);
                assertThat(consumer.endOffsets(List.of(tp), Duration.ofSeconds(20)).get(tp)).isEqualTo(1L);
            }
        }
    }
}
