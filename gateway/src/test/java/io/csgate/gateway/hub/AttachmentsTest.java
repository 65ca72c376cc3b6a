package io.csgate.gateway.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.body.ConnectBody;
import io.csgate.common.event.Op;
import io.csgate.gateway.model.ChannelstreamModel;
import io.csgate.gateway.model.EventContext;
import io.csgate.gateway.replica.StateThread;
import io.csgate.gateway.replica.Timers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Attaching sockets to connections this replica may not have applied yet, with the real model
 * on a single state thread (no network).
 */
class AttachmentsTest {

    private final ExecutorService stateThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-state"));
    private final Timers timers = new Timers();
    private final StateThread state = new StateThread() {
        @Override
        public <T> CompletableFuture<T> call(Supplier<T> work) {
            return CompletableFuture.supplyAsync(work, stateThread);
        }
    };
    private final Hub hub = new Hub();
    private final ChannelstreamModel model = new ChannelstreamModel(hub);
    private final List<Op> emitted = new ArrayList<>();
    /** The thread each event was queued on. */
    private final List<String> emittedOn = new ArrayList<>();
    private final Attachments attachments = new Attachments(hub, state, timers, model, (op, body) -> {
        synchronized (emitted) {
            emitted.add(op);
            emittedOn.add(Thread.currentThread().getName());
        }
        return CompletableFuture.completedFuture(null);
    }, "gw-b", Activity.systemClock());

    /** A session (or long poll) that records what it is sent. */
    static final class Recording implements Attachments.PollResult {
        final List<String> frames = new ArrayList<>();
        boolean open = true;

        @Override
        public synchronized boolean send(Frame frame) {
            frames.add(frame.text());
            return true;
        }

        @Override
        public void close(int code, String reason) {
            open = false;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void caughtUp(java.util.function.LongSupplier position) {
        }

        @Override
        public long resumeAfter() {
            return -1;
        }

        @Override
        public synchronized String finish() {
            return frames.toString();
        }
    }

    @AfterEach
    void stop() {
        timers.close();
        stateThread.shutdownNow();
    }

    private void applyConnect(UUID connId) throws Exception {
        applyConnect(connId, "gw-a");
    }

    /** Applies a /connect answered by gateway {@code origin}, which then owns the connection. */
    private void applyConnect(UUID connId, String origin) throws Exception {
        state.call(() -> model.connect(new ConnectBody("alice", connId, List.of("room"), null, Map.of(), Map.of(),
                Map.of(), null), new EventContext("ev-" + connId, Instant.parse("2026-11-29T07:00:00Z"), origin)))
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void aSocketOnTheGatewayThatOwnsTheConnectionProducesNoEvent() throws Exception {
        UUID connId = UUID.randomUUID();
        applyConnect(connId, "gw-b"); // this gateway answered the /connect
        assertThat(attachments.attach(connId, new Recording()).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(hub.isLocal(connId)).isTrue();
        synchronized (emitted) { // an event would have been emitted before the attach completed
            assertThat(emitted).isEmpty();
        }
    }

    @Test
    void aSocketForAConnectionAppliedAMomentLaterIsAttached() throws Exception {
        UUID connId = UUID.randomUUID();
        Recording socket = new Recording();
        CompletableFuture<Boolean> attached = attachments.attach(connId, socket);
        // the other gateway's /connect is still on its way to this replica: the attach waits
        Awaitility.await().during(Duration.ofMillis(50)).atMost(Duration.ofSeconds(2)).until(() -> !attached.isDone());
        applyConnect(connId);
        assertThat(attached.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(hub.isLocal(connId)).isTrue();
        synchronized (emitted) { // emitted before the attach completes, by the state thread
            assertThat(emitted).containsExactly(Op.SOCKET_ATTACHED);
            assertThat(emittedOn).containsExactly("test-state");
        }
    }

    @Test
    void aConnectionThatNeverAppearsIsRefusedAfterTheWait() throws Exception {
        long start = System.nanoTime();
        assertThat(attachments.attach(UUID.randomUUID(), new Recording()).get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(Attachments.NEW_CONNECTION_WAIT_MILLIS);
        assertThat(hub.size()).isZero();
    }

    @Test
    void aSocketClosedByItsClientProducesTheDisconnectOnTheStateThreadUnlessItWasReplaced() throws Exception {
        UUID connId = UUID.randomUUID();
        applyConnect(connId, "gw-b");
        Recording first = new Recording();
        Recording second = new Recording();
        assertThat(attachments.attach(connId, first).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(attachments.attach(connId, second).get(5, TimeUnit.SECONDS)).isTrue();
        attachments.closed(connId, first); // replaced: the connection stays
        attachments.closed(connId, second);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            synchronized (emitted) {
                return !emitted.isEmpty();
            }
        });
        state.call(() -> null).get(5, TimeUnit.SECONDS); // whatever the state thread had queued is done
        synchronized (emitted) {
            assertThat(emitted).containsExactly(Op.DISCONNECT);
            assertThat(emittedOn).containsExactly("test-state");
        }
        assertThat(hub.isLocal(connId)).isFalse();
    }

    @Test
    void aKnownConnectionIsAttachedAtOnceWithItsCatchup() throws Exception {
        UUID connId = UUID.randomUUID();
        applyConnect(connId);
        Recording socket = new Recording();
        assertThat(attachments.attach(connId, socket).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(hub.isLocal(connId)).isTrue();
        assertThat(attachments.attachPoll(UUID.randomUUID(), new Recording()).get(5, TimeUnit.SECONDS)).isFalse();
    }
}
