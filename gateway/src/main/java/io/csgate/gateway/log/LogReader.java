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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
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
    /**
     * How long one poll waits for records. Records end it at once and {@link #close} wakes it, so this
     * only paces the idle loop: 1 s instead of 200 ms is four wake-ups a second fewer.
     */
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration PROBE_EVERY = Duration.ofSeconds(2);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaClientMetrics clientMetrics;
    private final String topic;
    private final RecordSink sink;
    private final KafkaClients clients;
    private final Clock clock;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<TopicPartition, Long> startEnd = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> handedOver = new ConcurrentHashMap<>();
    private volatile Map<TopicPartition, Long> lastEnd = Map.of();
    private volatile Instant lastContact = Instant.EPOCH;
    private volatile boolean handingOver;
    private volatile boolean started;
    private volatile String problem;

    public LogReader(KafkaClients clients, String topic, RecordSink sink, MeterRegistry registry, String clientId) {
        this.topic = topic;
        this.sink = sink;
        this.clients = clients;
        this.clock = Clock.systemUTC();
        this.consumer = clients.consumer(clients.logConsumer(clientId));
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
                failed(e);
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
        Map<TopicPartition, Long> begins = consumer.beginningOffsets(parts, Duration.ofSeconds(10));
        for (TopicPartition tp : parts) {
            Long offset = startOffsets.get(tp.partition());
            long first = begins.getOrDefault(tp, 0L);
            if (first > (offset == null ? 0 : offset)) {
                log.warn("{} events of {} were deleted by retention before this gateway could apply them: it needs"
                        + " the log from offset {} ({}) but it starts at {}; this replica's state misses them. Keep"
                        + " the whole log (retention.ms=-1 on {}) or snapshot more often (snapshot_every_events)",
                        first - (offset == null ? 0 : offset), tp, offset == null ? 0 : offset,
                        offset == null ? "no snapshot" : "the newest snapshot", first, topic);
            }
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
            if (problem != null) {
                log.info("reading topic {} again (the problem was: {})", topic, problem);
                problem = null;
            }
        } catch (RuntimeException e) {
            if (e instanceof WakeupException) {
                throw e;
            }
            log.debug("log end probe failed: {}", e.toString());
        }
    }

    /** Logs a failure once, as one line naming the problem, until another one or a recovery. */
    private void failed(RuntimeException e) {
        String now = "reading topic " + topic + " failed, retrying: " + (e instanceof IllegalStateException
                ? e.getMessage() : KafkaProblem.of(e, clients, Duration.ofSeconds(5)));
        if (!now.equals(problem)) {
            log.warn(now);
        }
        problem = now;
    }

    /** Why reading fails now, while it does. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
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
