package io.csgate.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ClusterCheckTest {

    @Test
    void theCheckReachesKafkaAsTheProducerWouldAndWaitsNoLongerThanTheConnectTimeout() {
        Properties producer = KafkaSink.properties("k1:9092,k2:9092", Duration.ofSeconds(30));
        producer.put("security.protocol", "SASL_SSL");
        producer.put("sasl.mechanism", "PLAIN");
        Properties admin = ClusterCheck.adminProperties(producer, 10_000);
        assertThat(admin.get("bootstrap.servers")).isEqualTo("k1:9092,k2:9092");
        assertThat(admin.get("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(admin.get("sasl.mechanism")).isEqualTo("PLAIN");
        assertThat(admin.get("request.timeout.ms")).isEqualTo(10_000);
        assertThat(admin.get("default.api.timeout.ms")).isEqualTo(10_000);
        assertThat(admin).as("producer-only settings stay with the producer")
                .doesNotContainKeys("acks", "enable.idempotence", "linger.ms", "max.block.ms");
    }
}
