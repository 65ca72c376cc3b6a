package io.csgate.gateway.log;

import io.csgate.gateway.metrics.Meters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of the events topic with {@code assign()} (no group, no committed
 * offsets: every gateway is a full replica) from a start position, and hands each poll's batch to
 * a {@link RecordSink} in log order.
 *
 * <p>Owns one thread, {@code csgate-log-reader}; the consumer is touched by that thread only, and
 * only {@link KafkaConsumer#wakeup()} crosses threads (in {@link #close}). Every few seconds the
 * thread asks the broker for the log end: that is how reachability and lag are known.
 */
public final class LogReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LogReader.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PROBE_EVERY = Duration.ofSeconds(2);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaClientMetrics clientMetrics;
    private final String topic;
    private final RecordSink sink;
    private final Clock clock;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<TopicPartition, Long> startEnd = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> handedOver = new ConcurrentHashMap<>();
    private volatile Map<TopicPartition, Long> lastEnd = Map.of();
    private volatile Instant lastContact = Instant.EPOCH;
    private volatile boolean handingOver;
    private volatile boolean started;

    public LogReader(String bootstrap, String topic, RecordSink sink, MeterRegistry registry, String clientId) {
        this.topic = topic;
        this.sink = sink;
        this.clock = Clock.systemUTC();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        // The broker answers a waiting fetch as soon as a record arrives, so this bounds only idle
        // fetches: 500 ms (2 per second) instead of 50 took the idle gateway from 9.9% to 6.2% of a core.
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.clientMetrics = new KafkaClientMetrics(consumer);
        clientMetrics.bindTo(registry);
        Gauge.builder(Meters.LOG_LAG, this, LogReader::lag).register(registry);
        this.thread = new Thread(this::run, "csgate-log-reader");
        thread.setDaemon(true);
    }

    /**
     * Starts reading.
     *
     * @param from start offset per partition; partitions not listed start at the beginning
     */
    public void start(Map<Integer, Long> from) {
        this.startOffsets = Map.copyOf(from);
        thread.start();
    }

    private volatile Map<Integer, Long> startOffsets = Map.of();

    private void run() {
        Instant nextProbe = Instant.EPOCH;
        while (running.get()) {
            try {
                if (!started) {
                    assign();
                    started = true;
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
                    records.forEach(batch::add);
                    for (TopicPartition tp : records.partitions()) {
                        List<ConsumerRecord<byte[], byte[]>> part = records.records(tp);
                        handedOver.put(tp, part.get(part.size() - 1).offset() + 1);
                    }
                    lastContact = clock.instant();
                    handingOver = true;
                    try {
                        sink.accept(batch); // may wait for the applier or the sockets (backpressure)
                    } finally {
                        handingOver = false;
                    }
                    lastContact = clock.instant();
                }
                if (clock.instant().isAfter(nextProbe)) {
                    probe();
                    nextProbe = clock.instant().plus(PROBE_EVERY);
                }
            } catch (WakeupException e) {
                // close() is stopping us
            } catch (RuntimeException e) {
                log.warn("reading topic {} failed, retrying: {}", topic, e.toString());
                sleepQuietly(Duration.ofMillis(500));
            }
        }
    }

    private void assign() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions (does it exist?)");
        }
        List<TopicPartition> parts = new ArrayList<>();
        infos.forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
        consumer.assign(parts);
        for (TopicPartition tp : parts) {
            Long offset = startOffsets.get(tp.partition());
            if (offset == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, offset);
            }
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(parts, Duration.ofSeconds(10));
        startEnd.putAll(ends);
        lastEnd = Map.copyOf(ends);
        lastContact = clock.instant();
        log.info("reading {} partition(s) of {}; log end at start {}", parts.size(), topic, ends);
    }

    private void probe() {
        try {
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(2));
            lastEnd = Map.copyOf(ends);
            lastContact = clock.instant();
        } catch (RuntimeException e) {
            if (e instanceof WakeupException) {
                throw e;
            }
            log.debug("log end probe failed: {}", e.toString());
        }
    }

    /** True once every partition has been read up to where the log ended when reading started. */
    public boolean caughtUpAtStart() {
        if (!started || startEnd.isEmpty()) {
            return false;
        }
        for (Map.Entry<TopicPartition, Long> e : startEnd.entrySet()) {
            long read = handedOver.getOrDefault(e.getKey(), startOffsets.getOrDefault(e.getKey().partition(), 0L));
            if (read < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Where the log ended, per partition, when reading started. */
    public Map<Integer, Long> endAtStart() {
        Map<Integer, Long> out = new HashMap<>();
        startEnd.forEach((tp, o) -> out.put(tp.partition(), o));
        return out;
    }

    /**
     * When the broker last answered this reader; now while the reader is still handing over what
     * the broker sent (the sink may make it wait for a busy applier or for sockets behind a
     * burst: that is this gateway being busy, not Kafka being away).
     */
    public Instant lastContact() {
        return handingOver ? clock.instant() : lastContact;
    }

    /** Records handed over so far, per partition: the next offset to read. */
    public Map<Integer, Long> positions() {
        Map<Integer, Long> out = new HashMap<>();
        handedOver.forEach((tp, o) -> out.put(tp.partition(), o));
        return out;
    }

    private double lag() {
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : lastEnd.entrySet()) {
            lag += Math.max(0, e.getValue() - handedOver.getOrDefault(e.getKey(), 0L));
        }
        return lag;
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clientMetrics.close();
        consumer.close(Duration.ofSeconds(2));
    }
}
