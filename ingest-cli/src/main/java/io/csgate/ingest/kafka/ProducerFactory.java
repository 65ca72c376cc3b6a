package io.csgate.ingest.kafka;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Makes the producer a sink writes with; tests pass a {@code MockProducer}. */
@FunctionalInterface
public interface ProducerFactory {

    Producer<byte[], byte[]> create(Properties properties);

    /** Real Kafka producers. */
    static ProducerFactory kafka() {
        return p -> new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
