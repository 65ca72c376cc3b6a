package io.csgate.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.event.Envelope;
import io.csgate.common.event.EventCodec;
import io.csgate.common.event.Op;
import io.csgate.common.event.Topics;
import io.csgate.common.sign.RecordSigner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Records are verified and decoded on the reader's thread, applied in order on the applier's, and
 * the reader is held back while the applier is {@link ApplyQueue#MAX_QUEUED_BATCHES} chunks or
 * {@link ApplyQueue#MAX_QUEUED_BYTES} behind.
 */
class ApplyQueueTest {

    private final RecordSigner signer = new RecordSigner("secret");
    private final CountDownLatch gate = new CountDownLatch(1);
    private final List<String> applied = Collections.synchronizedList(new ArrayList<>());

    private final ApplierRig applier = new ApplierRig(RecordDecoders.sharedSecret("secret"), event -> {
        try {
            gate.await(10, TimeUnit.SECONDS); // a slow applier
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        applied.add(event.id() + "@" + Thread.currentThread().getName());
        return null;
    }, new SimpleMeterRegistry());

    private ConsumerRecord<byte[], byte[]> record(String id, long offset) {
        return record(id, offset, 0);
    }

    /** A record of at least {@code padding} bytes. */
    private ConsumerRecord<byte[], byte[]> record(String id, long offset, int padding) {
        com.fasterxml.jackson.databind.node.ObjectNode payload =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (padding > 0) {
            payload.put("pad", "x".repeat(padding));
        }
        byte[] value = EventCodec.encode(new Envelope(Envelope.VERSION, id, Op.GATEWAY_HEARTBEAT, Instant.parse("2026-11-29T07:00:00Z"), "gw-a",
                payload));
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("t", 0, offset, null, value);
        r.headers().add(Topics.SIGNATURE_HEADER, signer.signBytes(value));
        return r;
    }

    /** A task waiting for the gate: the state thread is busy, so chunks queue behind it. */
    private void occupyTheStateThread() {
        applier.call(() -> {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
    }

    @Test
    void anIdleStateThreadIsNotWokenTheReaderAppliesTheChunkItself() throws Exception {
        gate.countDown();
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            applier.accept(List.of(record("i0", 0), record("i1", 1)));
            return Thread.currentThread().getName();
        });
        String readerThread = reader.get(10, TimeUnit.SECONDS);
        assertThat(applied).containsExactly("i0@" + readerThread, "i1@" + readerThread);
        assertThat(applier.positions.positions()).containsEntry(0, 2L);
        applier.close();
    }

    @Test
    void theReaderWaitsWhileTheApplierIsFarBehindAndNothingIsLostOrReordered() throws Exception {
        occupyTheStateThread();
        int batches = ApplyQueue.MAX_QUEUED_BATCHES + 3;
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            for (int b = 0; b < batches; b++) {
                applier.accept(List.of(record("e" + (2 * b), 2L * b), record("e" + (2 * b + 1), 2L * b + 1)));
            }
        });
        // the reader is held back, not queueing without bound
        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !reader.isDone());
        gate.countDown();
        reader.get(10, TimeUnit.SECONDS);
        applier.call(() -> null).get(10, TimeUnit.SECONDS);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2 * batches; i++) {
            expected.add("e" + i);
        }
        // in log order; what queued while the state thread was busy ran there, the rest maybe on the reader
        assertThat(applied.stream().map(a -> a.substring(0, a.indexOf('@')))).containsExactlyElementsOf(expected);
        assertThat(applied.get(0)).endsWith("@csgate-applier");
        applier.close();
    }

    @Test
    void oneFetchOfBigRecordsIsHandedOverInChunksAndHoldsTheReaderBackByItsBytes() throws Exception {
        occupyTheStateThread();
        // one batch: the batch count alone would let it all be decoded and queued at once
        int records = 2 * ApplyQueue.MAX_QUEUED_BYTES / ApplyQueue.CHUNK_BYTES;
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            batch.add(record("big" + i, i, ApplyQueue.CHUNK_BYTES));
        }
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> applier.accept(batch));
        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !reader.isDone());
        gate.countDown();
        reader.get(10, TimeUnit.SECONDS);
        applier.call(() -> null).get(10, TimeUnit.SECONDS);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            expected.add("big" + i);
        }
        // in log order; what queued while the state thread was busy ran there, the rest maybe on the reader
        assertThat(applied.stream().map(a -> a.substring(0, a.indexOf('@')))).containsExactlyElementsOf(expected);
        assertThat(applied.get(0)).endsWith("@csgate-applier");
        applier.close();
    }

    @Test
    void aStoppedApplierReleasesAWaitingReader() throws Exception {
        occupyTheStateThread();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            for (int b = 0; b < ApplyQueue.MAX_QUEUED_BATCHES + 2; b++) {
                applier.accept(List.of(record("s" + b, b)));
            }
        });
        Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !reader.isDone());
        CompletableFuture.runAsync(applier::close);
        gate.countDown();
        reader.get(10, TimeUnit.SECONDS);
    }
}
