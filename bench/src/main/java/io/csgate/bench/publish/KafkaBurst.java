package io.csgate.bench.publish;

import io.csgate.bench.latency.MicroClock;
import io.csgate.bench.latency.Stamp;
import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.Deadline;
import io.csgate.common.event.Envelope;
import io.csgate.common.event.EventCodec;
import io.csgate.common.event.Op;
import io.csgate.common.event.Topics;
import io.csgate.common.json.Json;
import io.csgate.common.sign.RecordSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A burst produced straight to the events topic as fast as the broker takes it, as a work queue
 * catching up would: signed {@code message} records of {@code batch} items each, sent without
 * waiting for each acknowledgement, in order (one producer, idempotent, so the log keeps the
 * sending order). Message {@code m} goes to channel {@code m mod channels}, stamped with the time
 * its record was handed to the producer and seq {@code m}.
 */
public final class KafkaBurst implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final RecordSigner signer;

    /** What the burst did: messages acknowledged and failed, and from the first send to the last ack. */
    public record Result(long acked, long failed, String firstError, double seconds) {}

    public KafkaBurst(String bootstrapServers, String topic, String secret) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(8L << 20));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "csgate-bench-burst");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.signer = new RecordSigner(secret);
    }

    /** Sends {@code messages} messages and waits for every acknowledgement (or the deadline). */
    public Result send(String[] channels, long messages, int batch, int padBytes, Deadline deadline)
            throws InterruptedException {
        String pad = padBytes > 0 ? ",\"pad\":\"" + "p".repeat(padBytes) + "\"" : "";
        LongAdder acked = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        long t0 = System.nanoTime();
        AtomicLong lastAck = new AtomicLong(t0);
        CountDownLatch done = new CountDownLatch(
                (int) ((messages + batch - 1) / batch));
        try {
            for (long first = 0; first < messages; first += batch) {
                if (deadline.expired() || Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("deadline reached while producing the burst");
                }
                int n = (int) Math.min(batch, messages - first);
                byte[] value = record(channels, first, n, pad);
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, value);
                r.headers().add(Topics.SIGNATURE_HEADER, signer.signBytes(value));
                producer.send(r, (meta, error) -> {
                    if (error == null) {
                        acked.add(n);
                        lastAck.accumulateAndGet(System.nanoTime(), Math::max);
                    } else {
                        failed.add(n);
                        firstError.compareAndSet(null, error.toString());
                    }
                    done.countDown();
                });
            }
            producer.flush();
        } catch (KafkaException e) {
            throw new BenchException("producing to " + topic + " failed: " + e, e);
        }
        if (!done.await(Math.max(1, deadline.remainingMillis()), TimeUnit.MILLISECONDS)) {
            throw new InterruptedException("deadline reached while waiting for the burst's acknowledgements");
        }
        return new Result(acked.sum(), failed.sum(), firstError.get(), (lastAck.get() - t0) / 1e9);
    }

    private static byte[] record(String[] channels, long first, int n, String pad) {
        StringBuilder sb = new StringBuilder(n * 120).append('[');
        long micros = MicroClock.now();
        for (int j = 0; j < n; j++) {
            long m = first + j;
            if (j > 0) {
                sb.append(',');
            }
            String stamp = Stamp.payload(micros, m);
            sb.append("{\"channel\":\"").append(channels[(int) (m % channels.length)]).append("\",\"user\":\"")
                    .append(PublishSpec.SENDER).append("\",\"message\":").append(stamp, 0, stamp.length() - 1)
                    .append(pad).append("}}");
        }
        try {
            return EventCodec.encode(Envelope.of(UUID.randomUUID().toString(), Op.MESSAGE, Instant.now(),
                    "csgate-bench", Json.parse(sb.append(']').toString().getBytes(StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new BenchException("bench built bad JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
