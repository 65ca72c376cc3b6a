package io.csgate.gateway.log;

import io.csgate.common.event.Envelope;
import io.csgate.common.event.EventCodec;
import io.csgate.common.event.Topics;
import io.csgate.common.sign.RecordSigner;
import io.csgate.gateway.metrics.Meters;
import io.csgate.gateway.metrics.RateLimitedLog;
import io.csgate.gateway.replica.Publisher;
import io.csgate.gateway.replica.Unavailable;
import io.csgate.gateway.trace.Hop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Publisher} on Kafka: signs and produces events to the events topic with
 * {@code acks=all} and the idempotent producer, so a record acknowledged here is on every in-sync
 * replica and never duplicated by retries.
 *
 * <p>Owns one thread, {@code csgate-publisher}. {@link #publish} never blocks, even while the
 * producer has no metadata because the broker is away. When nothing is queued or being sent and
 * the producer is known to be able to take a record at once (it had an acknowledgement within
 * {@link #DIRECT_WITHIN_NANOS}, so it holds the topic's metadata, and less than
 * {@link #DIRECT_MAX_UNACKED_BYTES} wait for acknowledgement, so its buffer has room),
 * {@link #publish} encodes, signs and hands the event to the producer on the caller's thread: at
 * light load that saves waking {@code csgate-publisher} (measured in docs/benchmarks.md, "Light
 * load, per hop"). Otherwise it queues the event, and that thread hands queued events to the
 * producer in bulk, one wake-up for every event queued meanwhile. Both paths hold one lock while
 * they send, and an event is sent directly only when none is queued, so the events of one caller
 * reach the log in the order it published them. Outcomes are reported on Kafka's producer network
 * thread (acknowledgements and producer errors), on {@code csgate-publisher} or the caller's
 * thread (an event refused before it was sent). Failures are logged here, at most one line every
 * 10 s. Thread-safe.
 */
public final class EventPublisher implements Publisher, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
    /** Events queued and not yet handed to the producer; beyond it, publish fails at once. */
    static final int MAX_QUEUED = 100_000;
    /**
     * A direct send needs an acknowledgement this recent: the producer then has the topic's
     * metadata (it forgets a topic after {@code metadata.max.idle.ms}, 5 min, unused) and the
     * broker answers, so {@code send} cannot wait for metadata on the caller's thread.
     */
    static final long DIRECT_WITHIN_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** A direct send needs fewer record bytes than this waiting for acknowledgement: the buffer has room. */
    static final long DIRECT_MAX_UNACKED_BYTES = 1024 * 1024;

    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaClientMetrics clientMetrics;
    private final String topic;
    private final RecordSigner signer;
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final RateLimitedLog failures = new RateLimitedLog(log, 10_000);
    private final BlockingQueue<Queued> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Thread thread;
    private volatile boolean running = true;
    /** Held while events are handed to the producer, by either path. */
    private final ReentrantLock sending = new ReentrantLock();
    /** Events queued and not yet handed to the producer (or failed); a direct send needs 0. */
    private final AtomicInteger waiting = new AtomicInteger();
    /** Record bytes sent and not yet acknowledged or failed. */
    private final AtomicLong unackedBytes = new AtomicLong();
    /** Events sent on their caller's thread. */
    private final LongAdder sentDirectly = new LongAdder();
    /** {@link System#nanoTime} of the newest acknowledgement; starts long ago. */
    private volatile long lastAck = System.nanoTime() - 2 * DIRECT_WITHIN_NANOS;

    /** An event waiting for {@code csgate-publisher}. */
    private record Queued(Envelope event, BooleanSupplier abandoned, Consumer<Unavailable> outcome) {}

    public EventPublisher(KafkaClients clients, String topic, RecordSigner signer, Duration timeout,
                          MeterRegistry registry, String clientId) {
        this.topic = topic;
        this.signer = signer;
        this.registry = registry;
        this.producer = clients.producer(clients.eventProducer(clientId, timeout));
        this.clientMetrics = new KafkaClientMetrics(producer);
        clientMetrics.bindTo(registry);
        this.thread = new Thread(this::run, "csgate-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void publish(Envelope event, BooleanSupplier abandoned, Consumer<Unavailable> outcome) {
        if (!running) {
            outcome.accept(Unavailable.notAccepted(new IllegalStateException("the publisher is stopped")));
            return;
        }
        Queued q = new Queued(event, abandoned, outcome);
        if (sentDirectly(q)) {
            return;
        }
        waiting.incrementAndGet();
        if (!queue.offer(q)) {
            waiting.decrementAndGet();
            failed(event, new IllegalStateException(MAX_QUEUED + " events are already waiting to be produced"),
                    outcome);
        }
    }

    /** Sends {@code q} on the caller's thread when that cannot block nor pass an event queued before it. */
    private boolean sentDirectly(Queued q) {
        if (waiting.get() != 0 || unackedBytes.get() >= DIRECT_MAX_UNACKED_BYTES
                || System.nanoTime() - lastAck > DIRECT_WITHIN_NANOS || !sending.tryLock()) {
            return false;
        }
        try {
            if (waiting.get() != 0) {
                return false;
            }
            if (q.abandoned().getAsBoolean()) {
                q.outcome().accept(new Unavailable("abandoned by its caller before it was produced"));
                return true;
            }
            Hop.at(Hop.TAKEN, q.event().id());
            sentDirectly.increment();
            send(q, error -> { });
            return true;
        } finally {
            sending.unlock();
        }
    }

    private void run() {
        List<Queued> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) { // close() lets the queue drain
            try {
                Queued first = queue.poll(1, TimeUnit.SECONDS); // idle: one wake-up a second to see close()
                if (first == null) {
                    continue;
                }
                batch.add(first);
                sending.lock();
                try {
                    queue.drainTo(batch, 4096);
                    sendAll(batch);
                } finally {
                    waiting.addAndGet(-batch.size());
                    sending.unlock();
                }
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
        for (Queued q; (q = queue.poll()) != null; ) {
            q.outcome().accept(Unavailable.notAccepted(stopping));
        }
    }

    /**
     * Hands a batch to the producer. When the producer gives up on one event before sending it (no
     * metadata within {@code max.block.ms}: the broker is away), the rest of the batch fails with
     * the same error at once instead of waiting that long again, one event after another.
     */
    private void sendAll(List<Queued> batch) {
        Thread self = Thread.currentThread();
        Throwable[] away = new Throwable[1];
        for (Queued q : batch) {
            if (away[0] != null) {
                failed(q.event(), away[0], q.outcome());
            } else if (q.abandoned().getAsBoolean()) {
                q.outcome().accept(new Unavailable("abandoned by its caller before it was produced"));
            } else {
                Hop.at(Hop.TAKEN, q.event().id());
                send(q, error -> {
                    if (Thread.currentThread() == self && error instanceof TimeoutException) {
                        away[0] = error;
                    }
                });
            }
        }
    }

    /** Encodes, signs and sends one event; {@code sendFailed} also sees an error raised before sending. */
    private void send(Queued q, Consumer<Exception> sendFailed) {
        String op = q.event().op().wireName();
        try {
            byte[] value = EventCodec.encode(q.event());
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, null, value);
            record.headers().add(Topics.SIGNATURE_HEADER, signer.signBytes(value));
            unackedBytes.addAndGet(value.length);
            try {
                producer.send(record, (meta, error) -> {
                    unackedBytes.addAndGet(-value.length);
                    if (error == null) {
                        lastAck = System.nanoTime();
                        Hop.at(Hop.ACKED, q.event().id());
                        counter(op, "ok").increment();
                        q.outcome().accept(null);
                    } else {
                        sendFailed.accept(error);
                        failed(q.event(), error, q.outcome());
                    }
                });
            } catch (RuntimeException e) { // refused before it was queued: no callback will come
                unackedBytes.addAndGet(-value.length);
                throw e;
            }
            Hop.at(Hop.SENT, q.event().id());
        } catch (RuntimeException e) {
            sendFailed.accept(e);
            failed(q.event(), e, q.outcome());
        }
    }

    /** Events sent on their caller's thread so far (the rest went through {@code csgate-publisher}). */
    long sentDirectly() {
        return sentDirectly.sum();
    }

    /** Nothing queued and nothing being sent right now. */
    boolean idle() {
        return waiting.get() == 0 && !sending.isLocked();
    }

    private void failed(Envelope event, Throwable error, Consumer<Unavailable> outcome) {
        String op = event.op().wireName();
        counter(op, "error").increment();
        failures.warn("{} not produced to {}: {}", op, topic, error.toString());
        outcome.accept(Unavailable.notAccepted(error));
    }

    private Counter counter(String op, String outcome) {
        return counters.computeIfAbsent(op + '/' + outcome,
                k -> registry.counter(Meters.EVENTS_PUBLISHED, "op", op, "outcome", outcome));
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
