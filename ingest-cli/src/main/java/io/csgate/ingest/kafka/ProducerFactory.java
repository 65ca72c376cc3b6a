package io.csgate.ingest.kafka;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Makes the producer a sink writes with; tests pass a {@code MockProducer}. */
@FunctionalInterface
public interface ProducerFactory {

    Producer<byte[], byte[]> create(Properties properties);

    /**
     * Before anything is produced: checks that Kafka answers at the bootstrap servers of
     * {@code properties} and holds {@code topic}, giving up after {@code timeout}. Real Kafka asks
     * the cluster ({@link ClusterCheck}); a factory of test producers has nothing to check.
     *
     * @throws io.csgate.ingest.IngestException saying what was tried and what failed
     */
    default void check(Properties properties, String topic, Duration timeout) {
        // nothing to reach
    }

    /** Real Kafka producers, checked with {@link ClusterCheck} first. */
    static ProducerFactory kafka() {
        return new ProducerFactory() {
            @Override
            public Producer<byte[], byte[]> create(Properties properties) {
                return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
            }

            @Override
            public void check(Properties properties, String topic, Duration timeout) {
                ClusterCheck.run(properties, topic, timeout);
            }
        };
    }
}
