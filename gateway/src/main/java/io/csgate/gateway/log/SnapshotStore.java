package io.csgate.gateway.log;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State snapshots on a compacted topic, keyed by the events topic they describe, so the latest
 * snapshot of each events topic survives compaction. Values are opaque bytes here (the cluster
 * package encodes them). Thread-safe; {@link #latest} blocks (call it at start only).
 */
public final class SnapshotStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SnapshotStore.class);
    /** Largest snapshot accepted by the topic, the producer and the reader. */
    public static final int MAX_BYTES = 64 * 1024 * 1024;

    private final KafkaClients clients;
    private final String topic;
    private final String clientId;
    private final KafkaProducer<byte[], byte[]> producer;

    /** The topic must exist ({@link TopicSetup} creates it). */
    public SnapshotStore(KafkaClients clients, String topic, String clientId) {
        this.clients = clients;
        this.topic = topic;
        this.clientId = clientId;
        this.producer = clients.producer(clients.snapshotProducer(clientId));
    }

    /** Stores a snapshot of {@code eventsTopic}; completes when Kafka acknowledged it. */
    public CompletableFuture<Void> write(String eventsTopic, byte[] value) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, eventsTopic.getBytes(StandardCharsets.UTF_8), value), (m, e) -> {
            if (e == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * The newest snapshot of {@code eventsTopic}. Searches backwards from the end of each partition
     * in growing windows (1, 8, 64, ... records), so it reads only the last snapshots rather than
     * every snapshot still in the topic: the topic is compacted only now and then, and never in its
     * active segment, so at 50,000-event intervals it holds dozens of multi-megabyte snapshots.
     * With one key per events topic, the last record of that key in any partition is the newest.
     */
    public Optional<byte[]> latest(String eventsTopic, Duration timeout) {
        byte[] key = eventsTopic.getBytes(StandardCharsets.UTF_8);
        Found best = null;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> c = clients.consumer(clients.snapshotConsumer(clientId + "-reader"))) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo i : c.partitionsFor(topic, timeout)) {
                parts.add(new TopicPartition(topic, i.partition()));
            }
            Map<TopicPartition, Long> begin = c.beginningOffsets(parts, timeout);
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            for (TopicPartition tp : parts) {
                Found f = latestIn(c, tp, key, begin.get(tp), end.get(tp), deadline, timeout);
                if (f != null && (best == null || f.timestamp() > best.timestamp())) {
                    best = f;
                }
            }
        }
        if (best != null) {
            log.info("found a snapshot of {} ({} bytes) in {} at offset {}", eventsTopic, best.value().length,
                    topic, best.offset());
        }
        return Optional.ofNullable(best).map(Found::value);
    }

    private record Found(byte[] value, long offset, long timestamp) {}

    /** The last record with {@code key} in [begin, end) of one partition, looking backwards. */
    private Found latestIn(KafkaConsumer<byte[], byte[]> c, TopicPartition tp, byte[] key, long begin, long end,
                           long deadline, Duration timeout) {
        c.assign(List.of(tp));
        long to = end;
        for (long window = 1; to > begin; window *= 8) {
            long from = Math.max(begin, to - window);
            c.seek(tp, from);
            Found found = null;
            while (c.position(tp) < to) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading snapshots from " + topic + " took longer than " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() < to && r.key() != null && java.util.Arrays.equals(r.key(), key)
                            && r.value() != null) {
                        found = new Found(r.value(), r.offset(), r.timestamp());
                    }
                }
            }
            if (found != null) {
                return found;
            }
            to = from;
        }
        return null;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
