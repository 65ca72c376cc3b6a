package io.csgate.bench.publish;

import io.csgate.bench.run.BenchException;
import io.csgate.common.kafka.ClientProperties;
import io.csgate.common.kafka.ClientProperties.Pin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** How many records a topic holds (sum of end minus start offsets over its partitions). */
public final class LogEnd {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private LogEnd() {}

    /** @param client Kafka client settings (TLS, SASL, ...) */
    public static long records(String bootstrapServers, String topic, ClientProperties client) {
        Properties p;
        try {
            p = client.apply(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "csgate-bench-log-end"), List.of(
                    Pin.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, "it is --bootstrap-servers")));
        } catch (IllegalArgumentException e) {
            throw new BenchException("--kafka-client-properties: " + e.getMessage(), e);
        }
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, TIMEOUT).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            Map<TopicPartition, Long> end = c.endOffsets(parts, TIMEOUT);
            Map<TopicPartition, Long> start = c.beginningOffsets(parts, TIMEOUT);
            return parts.stream().mapToLong(tp -> end.get(tp) - start.get(tp)).sum();
        } catch (KafkaException e) {
            throw new BenchException("cannot read the offsets of " + topic + " at " + bootstrapServers + ": " + e, e);
        }
    }
}
