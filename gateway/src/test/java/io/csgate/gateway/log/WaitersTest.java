package io.csgate.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.csgate.common.body.ValidationException;
import io.csgate.common.event.Envelope;
import io.csgate.common.event.EventCodec;
import io.csgate.common.event.Op;
import io.csgate.common.event.Topics;
import io.csgate.common.sign.RecordSigner;
import io.csgate.gateway.replica.Waiter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Read-your-writes hand-over: every waiter gets its own result exactly once, results of one
 * applied batch reach an executor as one task, and a failure (producer error, timeout) and the
 * apply race without double answers.
 */
class WaitersTest {

    private final RecordSigner signer = new RecordSigner("secret");
    /** Returns the event id, or fails validation for ids starting with "bad". */
    private final ApplierRig applier = new ApplierRig(RecordDecoders.sharedSecret("secret"), event -> {
        if (event.id().startsWith("bad")) {
            throw ValidationException.field("user", "Unknown user");
        }
        return "applied " + event.id();
    }, new SimpleMeterRegistry());

    /** An executor that records tasks instead of running them, like an IO thread's queue. */
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Executor io = tasks::add;
    private final List<String> answers = new ArrayList<>();

    @AfterEach
    void close() {
        applier.close();
    }

    @Test
    void eachWaiterGetsItsOwnResultAndOneTaskCarriesTheWholeBatch() throws Exception {
        for (String id : List.of("a", "b", "bad-c")) {
            applier.expect(id, io, (result, error) -> answers.add(id + " -> " + (error == null ? result
                    : error.getClass().getSimpleName())));
        }
        applier.accept(List.of(record("a", 0), record("x", 1), record("bad-c", 2), record("b", 3)));
        Runnable task = tasks.poll(10, TimeUnit.SECONDS);
        assertThat(task).isNotNull();
        syncWithApplier();
        assertThat(tasks).as("one hand-over per batch and executor").isEmpty();
        task.run();
        assertThat(answers).containsExactly("a -> applied a", "bad-c -> ValidationException", "b -> applied b");
    }

    @Test
    void aFailureBeforeTheApplyWinsAndTheApplyDoesNotAnswerAgain() throws Exception {
        Waiter w = applier.expect("a", io, (result, error) -> answers.add(String.valueOf(error)));
        assertThat(w.done()).isFalse();
        assertThat(w.fail(new IllegalStateException("kafka away"), true)).isTrue();
        assertThat(w.done()).isTrue();
        assertThat(w.fail(new IllegalStateException("again"), true)).isFalse();
        applier.accept(List.of(record("a", 0)));
        syncWithApplier();
        assertThat(tasks).isEmpty();
        assertThat(answers).containsExactly("java.lang.IllegalStateException: kafka away");
    }

    @Test
    void anApplyBeforeTheFailureWinsAndTheFailureIsIgnored() throws Exception {
        Waiter w = applier.expect("a", io, (result, error) -> answers.add(result + "/" + error));
        applier.accept(List.of(record("a", 0)));
        syncWithApplier();
        assertThat(w.fail(new IllegalStateException("timeout"), false)).isFalse();
        tasks.poll(10, TimeUnit.SECONDS).run();
        assertThat(tasks).isEmpty();
        assertThat(answers).containsExactly("applied a/null");
    }

    @Test
    void aFailureOffTheExecutorIsAnsweredOnTheExecutor() throws Exception {
        Waiter w = applier.expect("a", io, (result, error) -> answers.add("failed"));
        assertThat(w.fail(new IllegalStateException("producer"), false)).isTrue();
        assertThat(answers).as("not inline").isEmpty();
        tasks.poll(10, TimeUnit.SECONDS).run();
        assertThat(answers).containsExactly("failed");
    }

    private void syncWithApplier() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        applier.call(() -> {
            done.countDown();
            return null;
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }

    private ConsumerRecord<byte[], byte[]> record(String id, long offset) {
        byte[] value = EventCodec.encode(new Envelope(Envelope.VERSION, id, Op.GATEWAY_HEARTBEAT,
                Instant.parse("2024-01-01T00:00:00Z"), "gw", JsonNodeFactory.instance.objectNode()));
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("events", 0, offset, null, value);
        r.headers().add(Topics.SIGNATURE_HEADER, signer.signBytes(value));
        return r;
    }
}
