package io.csgate.gateway.log;

import io.csgate.common.event.Envelope;
import io.csgate.common.event.EventCodec;
import io.csgate.common.event.Topics;
import io.csgate.common.sign.RecordSigner;
import io.csgate.gateway.metrics.Meters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import io.micrometer.core.instrument.Counter;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Signs and produces events to the events topic with {@code acks=all} and the idempotent producer,
 * so a record acknowledged here is on every in-sync replica and never duplicated by retries.
 *
 * <p>Thread-safe. {@link #publish} may block up to the publish timeout while the producer has no
 * metadata (broker unreachable), so never call it on an Undertow IO thread; {@link #submit} never
 * blocks: it queues the event for this publisher's own thread, {@code csgate-publisher}, which
 * encodes, signs and hands queued events to the producer in bulk (one wake-up serves every event
 * queued meanwhile).
 */
public final class EventPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaClientMetrics clientMetrics;
    private final String topic;
    private final RecordSigner signer;
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final BlockingQueue<Submitted> queue;
    private final Thread thread;
    private volatile boolean running = true;

    /** An event queued by {@link #submit}. */
    private record Submitted(Envelope event, BooleanSupplier abandoned, Consumer<Throwable> failed) {}

    public EventPublisher(KafkaClients clients, String topic, RecordSigner signer, Duration timeout,
                          MeterRegistry registry, String clientId) {
        this.topic = topic;
        this.signer = signer;
        this.registry = registry;
        this.producer = clients.producer(clients.eventProducer(clientId, timeout));
        this.clientMetrics = new KafkaClientMetrics(producer);
        clientMetrics.bindTo(registry);
        this.queue = new LinkedBlockingQueue<>(MAX_QUEUED);
        this.thread = new Thread(this::run, "csgate-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Events queued by {@link #submit} and not yet handed to the producer; beyond it, submit fails at once. */
    static final int MAX_QUEUED = 100_000;

    /**
     * Produces one event. The future completes when Kafka acknowledged the record (all in-sync
     * replicas), or exceptionally with the producer's error.
     *
     * @param key the record key (may be null); not interpreted by the gateways
     */
    public CompletableFuture<RecordMetadata> publish(Envelope event, String key) {
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        send(event, key, (meta, error) -> {
            if (error == null) {
                done.complete(meta);
            } else {
                done.completeExceptionally(error);
            }
        });
        return done;
    }

    /**
     * Queues one event for producing; never blocks. Success is not reported (the caller waits for
     * the event to be applied); {@code failed} is called at most once, with the producer's error,
     * or at once when the queue is full or the publisher stopped. An event whose caller gave up
     * ({@code abandoned} true, e.g. timed out) before its turn is not produced.
     */
    public void submit(Envelope event, BooleanSupplier abandoned, Consumer<Throwable> failed) {
        if (!running) {
            failed.accept(new IllegalStateException("the publisher is stopped"));
        } else if (!queue.offer(new Submitted(event, abandoned, failed))) {
            counter(event.op().wireName(), "error").increment();
            failed.accept(new IllegalStateException(MAX_QUEUED + " events are already waiting to be produced"));
        }
    }

    private void run() {
        List<Submitted> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) { // close() lets the queue drain
            try {
                Submitted first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 4096);
                sendAll(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                // A bug in a callback, not the producer (send reports its own errors): keep going.
                log.error("the publisher loop failed", e);
            } finally {
                batch.clear();
            }
        }
        IllegalStateException stopping = new IllegalStateException("gateway stopping");
        for (Submitted s; (s = queue.poll()) != null; ) {
            s.failed().accept(stopping);
        }
    }

    /**
     * Hands a batch to the producer. When the producer gives up on one event before sending it (no
     * metadata within {@code max.block.ms}: the broker is away), the rest of the batch fails with
     * the same error at once instead of waiting that long again, one event after another.
     */
    private void sendAll(List<Submitted> batch) {
        Thread self = Thread.currentThread();
        Throwable[] away = new Throwable[1];
        for (Submitted s : batch) {
            if (away[0] != null) {
                counter(s.event().op().wireName(), "error").increment();
                s.failed().accept(away[0]);
            } else if (!s.abandoned().getAsBoolean()) {
                send(s.event(), null, (meta, error) -> {
                    if (error != null) {
                        if (Thread.currentThread() == self && error instanceof TimeoutException) {
                            away[0] = error;
                        }
                        s.failed().accept(error);
                    }
                });
            }
        }
    }

    private void send(Envelope event, String key, Callback callback) {
        String op = event.op().wireName();
        try {
            byte[] value = EventCodec.encode(event);
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null,
                    key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
            record.headers().add(Topics.SIGNATURE_HEADER, signer.signBytes(value));
            producer.send(record, (meta, error) -> {
                counter(op, error == null ? "ok" : "error").increment();
                callback.onCompletion(meta, error);
            });
        } catch (RuntimeException e) {
            counter(op, "error").increment();
            callback.onCompletion(null, e);
        }
    }

    private Counter counter(String op, String outcome) {
        return counters.computeIfAbsent(op + '/' + outcome,
                k -> registry.counter(Meters.EVENTS_PUBLISHED, "op", op, "outcome", outcome));
    }

    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
            if (thread.isAlive()) { // stuck in the producer (Kafka away): what is left fails
                thread.interrupt();
                thread.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clientMetrics.close();
        producer.close(Duration.ofSeconds(5));
    }
}
