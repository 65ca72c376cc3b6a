package io.csgate.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.gateway.hub.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Coalescing: what a socket's queue turns into on the wire, however the writes are cut. */
class WsQueueTest {

    /** A server frame as read back from the bytes: opcode and payload as text. */
    record Wire(int opcode, String payload) {
        @Override
        public String toString() {
            return opcode + ":" + payload;
        }
    }

    /** Parses unmasked server frames; fails on anything else (a cut frame, a mask, a long length form). */
    static List<Wire> parse(byte[] bytes) {
        List<Wire> out = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        while (in.hasRemaining()) {
            int b0 = in.get() & 0xFF;
            int b1 = in.get() & 0xFF;
            assertThat(b0 & 0x80).as("FIN").isNotZero();
            assertThat(b1 & 0x80).as("server frames are not masked").isZero();
            long len = b1 & 0x7F;
            if (len == 126) {
                len = in.getShort() & 0xFFFF;
                assertThat(len).as("shortest length form").isGreaterThanOrEqualTo(126);
            } else if (len == 127) {
                len = in.getLong();
                assertThat(len).as("shortest length form").isGreaterThan(0xFFFF);
            }
            byte[] payload = new byte[(int) len];
            in.get(payload);
            out.add(new Wire(b0 & 0x0F, new String(payload, StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** Drains the queue through buffers of {@code size} bytes, taking all of each. */
    static byte[] drain(WsQueue q, int size) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer out = ByteBuffer.allocate(size);
        for (int guard = 0; guard < 1_000_000; guard++) {
            out.clear();
            q.fill(out);
            out.flip();
            if (!out.hasRemaining()) {
                return all.toByteArray();
            }
            all.write(out.array(), 0, out.limit());
        }
        throw new AssertionError("the queue never ran dry");
    }

    static Frame event(int i) {
        return new Frame("[{\"seq\":" + i + ",\"text\":\"zoë " + "x".repeat(i % 7) + "\"}]");
    }

    @Test
    void aLoneFrameLeavesAsItIs() {
        WsQueue q = new WsQueue(SocketBudget.MAX_FRAME_BYTES);
        Frame f = event(1);
        q.add(f);
        assertThat(drain(q, 64 * 1024)).isEqualTo(WireFrames.frame(WireFrames.OP_TEXT, f.utf8()));
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.bytes()).isZero();
    }

    @Test
    void framesWaitingTogetherLeaveAsOneArrayInOrderWithHeartbeatsMergedAway() {
        WsQueue q = new WsQueue(SocketBudget.MAX_FRAME_BYTES);
        q.add(Frame.HEARTBEAT);
        q.add(new Frame("[{\"a\":1}]"));
        q.add(new Frame("[{\"b\":2},{\"c\":3}]"));
        q.add(Frame.HEARTBEAT);
        q.add(new Frame("[{\"d\":\"é\"}]"));
        assertThat(parse(drain(q, 64 * 1024)))
                .containsExactly(new Wire(WireFrames.OP_TEXT, "[{\"a\":1},{\"b\":2},{\"c\":3},{\"d\":\"é\"}]"));

        q.add(Frame.HEARTBEAT);
        q.add(Frame.HEARTBEAT);
        assertThat(parse(drain(q, 64 * 1024))).containsExactly(new Wire(WireFrames.OP_TEXT, "[]"));
    }

    @Test
    void textFramesStayWithinTheLimitAndALargerEventGoesAlone() {
        int limit = 1000;
        WsQueue q = new WsQueue(limit);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Frame f = event(i);
            q.add(f);
            events.add(f.text().substring(1, f.text().length() - 1));
        }
        String big = "[{\"big\":\"" + "y".repeat(3000) + "\"}]";
        q.add(new Frame(big));
        q.add(event(1));
        List<Wire> wire = parse(drain(q, 64 * 1024));
        List<String> seen = new ArrayList<>();
        for (Wire w : wire) {
            assertThat(w.opcode()).isEqualTo(WireFrames.OP_TEXT);
            if (!w.payload().equals(big)) {
                assertThat(w.payload().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(limit);
            }
            String inner = w.payload().substring(1, w.payload().length() - 1);
            seen.add(inner);
        }
        assertThat(wire.size()).isBetween(300 * 25 / limit, 300);
        assertThat(String.join(",", seen)).isEqualTo(String.join(",", events) + "," + big.substring(1, big.length() - 1)
                + "," + event(1).text().substring(1, event(1).text().length() - 1));
        assertThat(wire.get(wire.size() - 2).payload()).isEqualTo(big);
    }

    @Test
    void anySplitOfTheWritesGivesTheSameBytes() {
        byte[] expected = null;
        Random random = new Random(7);
        for (int size : new int[] {WsQueue.FRAME_START_BYTES, 12, 13, 50, 333, 4096, 70_000}) {
            WsQueue q = new WsQueue(2000);
            long added = 0;
            for (int i = 0; i < 500; i++) {
                Frame f = i % 50 == 0 ? Frame.HEARTBEAT : event(i);
                q.add(f);
                added += f.utf8().length;
            }
            assertThat(q.bytes()).isEqualTo(added);
            // partial writes: part of each buffer is handed back and must go out first next time
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer out = ByteBuffer.allocate(size);
            while (true) {
                out.clear();
                q.fill(out);
                out.flip();
                if (!out.hasRemaining()) {
                    break;
                }
                int take = 1 + random.nextInt(out.remaining());
                all.write(out.array(), 0, take);
                out.position(take);
                long before = q.bytes();
                q.unwritten(out);
                assertThat(q.bytes()).isEqualTo(before + out.limit() - take);
            }
            assertThat(q.bytes()).isZero();
            byte[] bytes = all.toByteArray();
            if (expected == null) {
                expected = bytes;
                assertThat(parse(bytes)).hasSizeGreaterThan(1).allMatch(w -> w.opcode() == WireFrames.OP_TEXT);
            } else {
                assertThat(bytes).as("buffers of %d bytes", size).isEqualTo(expected);
            }
        }
    }

    @Test
    void onlyTheLatestPingIsAnsweredAtTheNextFrameBoundaryAndTheCloseGoesLast() {
        WsQueue q = new WsQueue(64);
        for (int i = 0; i < 6; i++) {
            q.add(new Frame("[{\"n\":" + i + ",\"pad\":\"abcdefghij\"}]"));
        }
        ByteBuffer out = ByteBuffer.allocate(40); // ends inside the first text frame
        q.fill(out);
        out.flip();
        byte[] first = new byte[out.remaining()];
        out.get(first);
        q.pong(WireFrames.pong("one".getBytes(StandardCharsets.UTF_8)));
        q.pong(WireFrames.pong("two".getBytes(StandardCharsets.UTF_8)));
        q.close(WireFrames.close(1000, "bye"));
        assertThat(q.bytes()).isGreaterThan(0);
        byte[] rest = drain(q, 1024);
        List<Wire> wire = parse(concat(first, rest));
        assertThat(wire).extracting(Wire::opcode).containsExactly(WireFrames.OP_TEXT, WireFrames.OP_PONG,
                WireFrames.OP_TEXT, WireFrames.OP_TEXT, WireFrames.OP_CLOSE);
        assertThat(wire.get(1).payload()).isEqualTo("two");
        assertThat(q.closeHandedOut()).isTrue();
        assertThat(q.bytes()).isZero();
    }

    @Test
    void droppingKeepsTheFrameBeingWrittenWhole() {
        WsQueue q = new WsQueue(64);
        for (int i = 0; i < 6; i++) {
            q.add(new Frame("[{\"n\":" + i + ",\"pad\":\"abcdefghij\"}]"));
        }
        ByteBuffer out = ByteBuffer.allocate(40);
        q.fill(out);
        out.flip();
        byte[] first = new byte[out.remaining()];
        out.get(first);
        q.pong(WireFrames.pong(new byte[0]));
        q.dropFrames();
        q.close(WireFrames.close(4001, "slow"));
        List<Wire> wire = parse(concat(first, drain(q, 1024)));
        assertThat(wire).extracting(Wire::opcode).containsExactly(WireFrames.OP_TEXT, WireFrames.OP_CLOSE);
        assertThat(wire.get(0).payload()).startsWith("[{\"n\":0,").endsWith("}]");
        assertThat(q.bytes()).isZero();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
