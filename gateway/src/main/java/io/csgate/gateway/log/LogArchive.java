package io.csgate.gateway.log;

import io.csgate.gateway.model.LogPosition;
import io.csgate.gateway.model.ResumeRange;
import io.csgate.gateway.replica.LogRanges;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events topic read again by offset, for resumes: each read has its own consumer
 * ({@code assign} and {@code seek}, no group, the same client settings as the {@link LogReader}),
 * made, used and closed by one pool thread; records pass the same {@link RecordDecoder} checks as
 * on the main path. The main reader is never touched, so a resume never holds up the applier.
 *
 * <p>Owns {@link #READERS} threads ({@code csgate-catchup-N}); at most that many reads run at once,
 * up to {@link #WAITING} more wait, and a read beyond that fails at once. A visitor may block (it
 * waits for its socket); the consumer is then simply not polled. One more thread,
 * {@code csgate-log-start}, owns a long-lived consumer that only answers {@link #logStart} (one
 * request to the broker per question, asked for each {@code /connect} with {@code resume_from}).
 */
public final class LogArchive implements LogRanges, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LogArchive.class);
    /** Reads that run at once. */
    public static final int READERS = 2;
    /** Reads that may wait for a reader. */
    static final int WAITING = 1000;
    /** Length of the epoch: the start of the topic id's base64 text (48 bits). */
    static final int EPOCH_CHARS = 8;
    private static final Duration CALL = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(500);
    /** A read that gets no record for this long while records are due has failed. */
    private static final Duration STALLED = Duration.ofSeconds(30);

    private final KafkaClients clients;
    private final String topic;
    private final RecordDecoder decoder;
    private final String epoch;
    private final String clientId;
    private final ThreadPoolExecutor pool;
    private final ThreadPoolExecutor startPool;
    /** Made and used on {@code csgate-log-start} only. */
    private KafkaConsumer<byte[], byte[]> startConsumer;

    /** @param epoch the topic's epoch ({@link #epochOf}), or null */
    public LogArchive(KafkaClients clients, String topic, RecordDecoder decoder, String epoch, String clientId) {
        this.clients = clients;
        this.topic = topic;
        this.decoder = decoder;
        this.epoch = epoch;
        this.clientId = clientId;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(READERS, READERS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(WAITING),
                r -> {
                    Thread t = new Thread(r, "csgate-catchup-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.startPool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(WAITING), r -> {
            Thread t = new Thread(r, "csgate-log-start");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The topic's epoch: the start of its Kafka topic id, which a topic deleted and created again
     * does not keep. Null (and a warning) when the cluster does not tell: positions are then left out.
     */
    public static String epochOf(KafkaClients clients, String topic, String clientId) {
        try (Admin admin = clients.newAdmin(clientId, CALL)) {
            Uuid id = admin.describeTopics(List.of(topic)).allTopicNames().get(CALL.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic).topicId();
            return id == null || Uuid.ZERO_UUID.equals(id) ? null : id.toString().substring(0, EPOCH_CHARS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("could not learn the topic id of {} ({}); frames carry no position and resumes answer false",
                    topic, e.toString());
            return null;
        }
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public CompletableFuture<Long> logStart(int partition) {
        return submit(startPool, () -> {
            if (startConsumer == null) {
                startConsumer = clients.consumer(clients.logConsumer(clientId + "-start"));
            }
            TopicPartition tp = new TopicPartition(topic, partition);
            try {
                return startConsumer.beginningOffsets(List.of(tp), CALL).get(tp);
            } catch (RuntimeException e) {
                startConsumer.close(Duration.ZERO); // made again for the next question
                startConsumer = null;
                throw e;
            }
        });
    }

    @Override
    public CompletableFuture<Outcome> read(ResumeRange range, Visitor visitor) {
        return submit(pool, () -> readNow(range, visitor));
    }

    private Outcome readNow(ResumeRange range, Visitor visitor) {
        TopicPartition tp = new TopicPartition(topic, range.from().partition());
        long next = range.firstOffset();
        long end = range.endOffset();
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer(clients.logConsumer(clientId))) {
            consumer.assign(List.of(tp));
            if (next < consumer.beginningOffsets(List.of(tp), CALL).get(tp)) {
                return Outcome.GONE;
            }
            if (next >= end) {
                return Outcome.READ;
            }
            consumer.seek(tp, next);
            Set<String> ids = new HashSet<>();
            long lastProgress = System.nanoTime();
            while (next < end) {
                List<ConsumerRecord<byte[], byte[]>> records = consumer.poll(POLL).records(tp);
                if (records.isEmpty()) {
                    if (System.nanoTime() - lastProgress > STALLED.toNanos()) {
                        throw new IllegalStateException("no record of " + tp + " from offset " + next + " for "
                                + STALLED.toSeconds() + " s");
                    }
                    continue;
                }
                lastProgress = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (record.offset() >= end) {
                        return Outcome.READ;
                    }
                    if (record.offset() > next && next < consumer.beginningOffsets(List.of(tp), CALL).get(tp)) {
                        return Outcome.GONE; // retention removed the rest while we read: the consumer skipped ahead
                    }
                    next = record.offset() + 1;
                    Decoded d = decoder.decode(record);
                    if (d.rejectReason() != null || !ids.add(d.event().id())) {
                        continue;
                    }
                    if (!visitor.visit(d.event(), LogPosition.of(range.from().epoch(), tp.partition(), record.offset()))) {
                        return Outcome.STOPPED;
                    }
                }
            }
            return Outcome.READ;
        }
    }

    private static <T> CompletableFuture<T> submit(ThreadPoolExecutor pool, java.util.concurrent.Callable<T> task) {
        CompletableFuture<T> out = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    out.complete(task.call());
                } catch (Throwable e) {
                    out.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            out.completeExceptionally(new IllegalStateException("too many reads of the log waiting (" + WAITING + ")"));
        }
        return out;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        startPool.execute(() -> {
            if (startConsumer != null) {
                startConsumer.close(Duration.ZERO);
            }
        });
        startPool.shutdown();
    }
}
