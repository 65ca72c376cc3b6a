package io.csgate.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.json.Json;
import io.csgate.gateway.hub.CloseCodes;
import io.csgate.gateway.hub.Frame;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * The hand-written websocket stack on its own: a {@link WsSocket} on a real XNIO connection to a
 * plain TCP peer that plays the browser (reads raw frames, sends masked ones), with its
 * {@link IoLane} and {@link Lanes}. No Undertow routes, no model, no log: frames are staged as the
 * state thread stages them.
 */
class WsSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int OP_TEXT = 1;
    private static final int OP_CLOSE = 8;

    private XnioWorker worker;
    private ServerSocket listener;
    private final List<Peer> peers = new ArrayList<>();

    @BeforeEach
    void worker() throws IOException {
        worker = Xnio.getInstance().createWorker(OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, 1).set(Options.WORKER_TASK_CORE_THREADS, 1)
                .set(Options.WORKER_TASK_MAX_THREADS, 1).getMap());
        listener = new ServerSocket();
        listener.setReceiveBufferSize(32 * 1024); // small, so that a peer that does not read fills up soon
        listener.bind(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() throws IOException {
        for (Peer p : peers) {
            p.socket.close();
        }
        listener.close();
        worker.shutdownNow();
    }

    /** A socket under test, its peer, and what its callbacks saw. */
    private final class Peer {
        final Lanes lanes;
        final StreamConnection connection;
        final Socket socket;
        final DataInputStream in;
        final WsSocket ws;
        final AtomicInteger slow = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final List<Integer> closing = new CopyOnWriteArrayList<>();

        Peer(Lanes lanes) throws Exception {
            this.lanes = lanes;
            this.connection = worker.openStreamConnection(listener.getLocalSocketAddress(), null, OptionMap.EMPTY)
                    .get();
            this.socket = listener.accept();
            this.in = new DataInputStream(socket.getInputStream());
            this.ws = new WsSocket(connection, lanes.of(connection.getIoThread()), lanes.budget(), "test",
                    new WsSocket.Callbacks() {
                        @Override
                        public void onMessage() {
                        }

                        @Override
                        public void onSlow() {
                            slow.incrementAndGet();
                        }

                        @Override
                        public void onClosing(int code) {
                            closing.add(code);
                        }

                        @Override
                        public void onClosed() {
                            closed.incrementAndGet();
                        }
                    });
            onIoThread(() -> {
                ws.start();
                assertThat(lanes.register(ws)).isTrue();
            });
            peers.add(this);
        }

        /** Runs {@code task} on the socket's IO thread and waits for it: what that thread had queued before has run. */
        void onIoThread(Runnable task) throws Exception {
            CompletableFuture<Void> done = new CompletableFuture<>();
            connection.getIoThread().execute(() -> {
                try {
                    task.run();
                    done.complete(null);
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
            });
            done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        /** The next frame from the server: opcode and payload. */
        Received read() throws IOException {
            socket.setSoTimeout((int) WAIT.toMillis());
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            assertThat(b1 & 0x80).as("server frames are not masked").isZero();
            long len = b1 & 0x7F;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] payload = new byte[(int) len];
            in.readFully(payload);
            assertThat(b0 & 0x80).as("final fragment").isNotZero();
            return new Received(b0 & 0x0F, payload);
        }

        /** Sends a masked close frame, as a browser answers the server's close. */
        void sendClose(int code) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, (byte) (code >> 8), (byte) code});
            out.flush();
        }
    }

    private record Received(int opcode, byte[] payload) {
        JsonNode json() throws IOException {
            assertThat(opcode).isEqualTo(OP_TEXT);
            return Json.parse(new String(payload, StandardCharsets.UTF_8));
        }

        int closeCode() {
            assertThat(opcode).isEqualTo(OP_CLOSE);
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        String closeReason() {
            return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    private static Lanes lanes(long maxQueuedBytes) {
        return new Lanes(maxQueuedBytes, Duration.ofSeconds(60), 256L * 1024 * 1024);
    }

    private static Frame frame(int seq, int padBytes) {
        return Frame.of(Map.of("seq", seq, "pad", "x".repeat(padBytes)));
    }

    @Test
    void framesStagedInOneDeferringScopeLeaveInOneTextFrameWhenTheScopeEnds() throws Exception {
        Peer p = new Peer(lanes(1 << 20));
        p.lanes.deferringWakes(() -> {
            p.ws.send(frame(1, 10));
            try {
                // whatever the IO thread was asked to do so far has run: a wake-up for frame 1 would have written it
                p.onIoThread(() -> { });
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            p.ws.send(frame(2, 10));
            p.ws.send(frame(3, 10));
        });
        JsonNode written = p.read().json();
        assertThat(written).hasSize(3);
        assertThat(List.of(written.get(0).get("seq").asInt(), written.get(1).get("seq").asInt(),
                written.get(2).get("seq").asInt())).containsExactly(1, 2, 3);
    }

    @Test
    void aPeerThatStopsReadingGetsEverythingInOrderOnceItReadsAgain() throws Exception {
        Peer p = new Peer(lanes(64L << 20));
        int frames = 3000;
        for (int i = 0; i < frames; i++) {
            p.ws.send(frame(i, 1000));
        }
        // the kernel took part of it: the rest waits in the socket's queue, counted
        Awaitility.await().atMost(WAIT).until(() -> p.lanes.queuedBytes() > 1_000_000);
        int next = 0;
        while (next < frames) {
            JsonNode batch = p.read().json();
            for (JsonNode event : batch) {
                assertThat(event.get("seq").asInt()).isEqualTo(next++);
                assertThat(event.get("pad").asText()).hasSize(1000);
            }
        }
        Awaitility.await().atMost(WAIT).until(() -> p.lanes.queuedBytes() == 0);
        assertThat(p.slow.get()).isZero();
    }

    @Test
    void aPeerBeyondTheBudgetIsClosedAsASlowConsumerAndItsQueueIsDropped() throws Exception {
        Peer p = new Peer(lanes(256 * 1024));
        for (int i = 0; i < 3000; i++) {
            p.ws.send(frame(i, 1000));
        }
        Awaitility.await().atMost(WAIT).until(() -> p.slow.get() == 1);
        assertThat(p.closing).as("a slow consumer is counted by onSlow only").isEmpty();
        Awaitility.await().atMost(WAIT).until(() -> p.lanes.queuedBytes() < 256 * 1024);
        assertThat(p.ws.send(frame(-1, 10))).as("no more frames once closing").isFalse();
        Received r;
        int lastSeq = -1;
        while ((r = p.read()).opcode() == OP_TEXT) {
            for (JsonNode event : r.json()) {
                assertThat(event.get("seq").asInt()).isGreaterThan(lastSeq);
                lastSeq = event.get("seq").asInt();
            }
        }
        assertThat(r.closeCode()).isEqualTo(CloseCodes.SLOW_CONSUMER);
        assertThat(lastSeq).as("what was queued beyond the budget is not sent").isLessThan(2999);
        p.sendClose(CloseCodes.SLOW_CONSUMER);
        Awaitility.await().atMost(WAIT).until(() -> p.closed.get() == 1 && p.lanes.sockets() == 0);
        assertThat(p.lanes.queuedBytes()).isZero();
    }

    @Test
    void aCloseFollowsTheFramesSentBeforeItAndEndsTheSocketOnce() throws Exception {
        Peer p = new Peer(lanes(1 << 20));
        p.ws.send(frame(1, 10));
        p.ws.send(frame(2, 10));
        p.ws.close(4000, "done");
        p.ws.close(4000, "twice");
        List<Integer> seqs = new ArrayList<>();
        Received r;
        while ((r = p.read()).opcode() == OP_TEXT) {
            r.json().forEach(e -> seqs.add(e.get("seq").asInt()));
        }
        assertThat(seqs).containsExactly(1, 2);
        assertThat(r.closeCode()).isEqualTo(4000);
        assertThat(r.closeReason()).isEqualTo("done");
        assertThat(p.closing).as("the close the gateway started, once").containsExactly(4000);
        p.sendClose(4000);
        Awaitility.await().atMost(WAIT).until(() -> p.closed.get() == 1 && p.lanes.sockets() == 0);
        assertThat(p.socket.getInputStream().read()).as("the server ended the connection").isEqualTo(-1);
    }

    @Test
    void closesFromBothEndsAndSendsRacingThemEndEachSocketExactlyOnce() throws Exception {
        Lanes lanes = lanes(1 << 20);
        List<Peer> racing = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            racing.add(new Peer(lanes));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> actors = new ArrayList<>();
        for (Peer p : racing) {
            actors.add(CompletableFuture.runAsync(() -> {
                await(go);
                for (int i = 0; i < 50; i++) {
                    p.ws.send(frame(i, 100));
                }
            }));
            actors.add(CompletableFuture.runAsync(() -> {
                await(go);
                p.ws.close(CloseCodes.NORMAL, "");
            }));
            actors.add(CompletableFuture.runAsync(() -> {
                await(go);
                try {
                    p.sendClose(CloseCodes.GOING_AWAY);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }));
        }
        go.countDown();
        CompletableFuture.allOf(actors.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Awaitility.await().atMost(WAIT).until(() -> lanes.sockets() == 0);
        for (Peer p : racing) {
            Awaitility.await().atMost(WAIT).until(() -> p.closed.get() >= 1);
            assertThat(p.closed.get()).as("onClosed once").isEqualTo(1);
            assertThat(p.ws.send(frame(0, 1))).isFalse();
        }
        assertThat(lanes.queuedBytes()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
