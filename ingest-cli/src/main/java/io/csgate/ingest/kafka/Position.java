package io.csgate.ingest.kafka;

/** Where Kafka stored an acknowledged record. */
public record Position(String topic, int partition, long offset) {

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
