package io.csgate.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientFrameReaderTest {

    /** Records what the reader reports, as short strings. */
    static final class Recorder implements ClientFrameReader.Events {
        final List<String> seen = new ArrayList<>();

        @Override
        public void onMessage() {
            seen.add("message");
        }

        @Override
        public void onPing(byte[] payload) {
            seen.add("ping:" + new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public void onPong() {
            seen.add("pong");
        }

        @Override
        public void onClose(int code, String reason) {
            seen.add("close:" + code + ":" + reason);
        }

        @Override
        public void onProtocolError(int code, String reason) {
            seen.add("error:" + code);
        }
    }

    /** A client frame: masked with a fixed key unless {@code masked} is false. */
    static byte[] frame(boolean fin, int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        int n = payload.length;
        if (n < 126) {
            out.write(maskBit | n);
        } else if (n <= 0xFFFF) {
            out.write(maskBit | 126);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) n >>> (8 * i)));
            }
        }
        byte[] key = {0x37, (byte) 0xfa, 0x21, 0x3d};
        if (masked) {
            out.write(key, 0, 4);
        }
        for (int i = 0; i < n; i++) {
            out.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
        }
        return out.toByteArray();
    }

    static byte[] text(String s) {
        return frame(true, WireFrames.OP_TEXT, s.getBytes(StandardCharsets.UTF_8), true);
    }

    static byte[] close(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[2 + r.length];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, r.length);
        return frame(true, WireFrames.OP_CLOSE, p, true);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    static List<String> read(byte[] bytes) {
        Recorder r = new Recorder();
        new ClientFrameReader().feed(ByteBuffer.wrap(bytes), r);
        return r.seen;
    }

    @Test
    void decodesEveryKindOfFrameWhateverTheSplit() {
        byte[] stream = concat(
                text("{\"type\":\"heartbeat\"}"),
                frame(true, WireFrames.OP_PING, "abc".getBytes(StandardCharsets.UTF_8), true),
                frame(true, WireFrames.OP_BINARY, new byte[300], true),
                frame(true, WireFrames.OP_PONG, new byte[0], true),
                frame(false, WireFrames.OP_TEXT, "par".getBytes(StandardCharsets.UTF_8), true),
                frame(true, WireFrames.OP_PING, "mid".getBytes(StandardCharsets.UTF_8), true),
                frame(true, WireFrames.OP_CONTINUATION, "t".getBytes(StandardCharsets.UTF_8), true),
                text(""),
                close(1000, "bye"));
        List<String> expected = List.of("message", "ping:abc", "message", "pong", "ping:mid", "message",
                "message", "close:1000:bye");
        assertThat(read(stream)).isEqualTo(expected);
        for (int split = 1; split < stream.length; split++) {
            Recorder r = new Recorder();
            ClientFrameReader reader = new ClientFrameReader();
            reader.feed(ByteBuffer.wrap(stream, 0, split), r);
            reader.feed(ByteBuffer.wrap(stream, split, stream.length - split), r);
            assertThat(r.seen).as("split at %d", split).isEqualTo(expected);
        }
        Recorder r = new Recorder();
        ClientFrameReader reader = new ClientFrameReader();
        for (byte b : stream) {
            reader.feed(ByteBuffer.wrap(new byte[] {b}), r);
        }
        assertThat(r.seen).as("one byte at a time").isEqualTo(expected);
    }

    @Test
    void largeMessagesAreSkippedWithoutBeingKept() {
        byte[] big = new byte[70_000];
        assertThat(read(concat(frame(true, WireFrames.OP_TEXT, big, true), text("after"))))
                .containsExactly("message", "message");
    }

    @Test
    void aCloseWithoutStatusReports1005() {
        assertThat(read(frame(true, WireFrames.OP_CLOSE, new byte[0], true))).containsExactly("close:1005:");
    }

    @Test
    void nothingIsReadAfterTheClose() {
        assertThat(read(concat(close(4000, ""), text("late")))).containsExactly("close:4000:");
    }

    @Test
    void protocolViolationsAreReportedOnceWithTheirCode() {
        assertThat(read(frame(true, WireFrames.OP_TEXT, "x".getBytes(), false))).containsExactly("error:1002");
        byte[] rsv = text("x");
        rsv[0] |= 0x40;
        assertThat(read(concat(rsv, text("y")))).containsExactly("error:1002");
        assertThat(read(frame(true, WireFrames.OP_CONTINUATION, new byte[1], true))).containsExactly("error:1002");
        assertThat(read(concat(frame(false, WireFrames.OP_TEXT, new byte[1], true), text("x"))))
                .containsExactly("error:1002");
        assertThat(read(frame(false, WireFrames.OP_PING, new byte[1], true))).containsExactly("error:1002");
        assertThat(read(frame(true, WireFrames.OP_PING, new byte[126], true))).containsExactly("error:1002");
        assertThat(read(frame(true, 0x3, new byte[0], true))).containsExactly("error:1002");
        assertThat(read(frame(true, WireFrames.OP_CLOSE, new byte[1], true))).containsExactly("error:1002");
        assertThat(read(close(1005, ""))).containsExactly("error:1002");
        assertThat(read(close(999, ""))).containsExactly("error:1002");
        byte[] badUtf8 = frame(true, WireFrames.OP_CLOSE, new byte[] {0x03, (byte) 0xe8, (byte) 0xff}, true);
        assertThat(read(badUtf8)).containsExactly("error:1007");
        byte[] huge = {(byte) 0x81, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4};
        assertThat(read(huge)).containsExactly("error:1002");
    }

    /** Feeds {@code bytes} one byte per read, as the slowest network would. */
    static List<String> readByteByByte(byte[] bytes) {
        Recorder r = new Recorder();
        ClientFrameReader reader = new ClientFrameReader();
        for (byte b : bytes) {
            reader.feed(ByteBuffer.wrap(new byte[] {b}), r);
        }
        return r.seen;
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void textMustBeUtf8WhereverItIsCut() {
        byte[] snowman = "☃ é 𝄞".getBytes(StandardCharsets.UTF_8); // 3-, 2- and 4-byte characters
        for (int cut = 0; cut <= snowman.length; cut++) {
            byte[] stream = concat(
                    frame(false, WireFrames.OP_TEXT, java.util.Arrays.copyOfRange(snowman, 0, cut), true),
                    frame(true, WireFrames.OP_CONTINUATION, java.util.Arrays.copyOfRange(snowman, cut, snowman.length), true));
            assertThat(read(stream)).as("fragments cut at %d", cut).containsExactly("message");
            assertThat(readByteByByte(stream)).as("fragments cut at %d, one byte per read", cut)
                    .containsExactly("message");
        }
        // binary messages are not text: any bytes go
        assertThat(read(frame(true, WireFrames.OP_BINARY, bytes(0xFF, 0xC0, 0x80), true))).containsExactly("message");
    }

    @Test
    void invalidUtf8InATextMessageIs1007() {
        int[][] bad = {
            {0xFF},                   // never in UTF-8
            {0x80},                   // continuation without a lead
            {0xC0, 0xAF},             // overlong '/'
            {0xE0, 0x80, 0xAF},       // overlong, three bytes
            {0xED, 0xA0, 0x80},       // UTF-16 surrogate U+D800
            {0xF4, 0x90, 0x80, 0x80}, // above U+10FFFF
            {0xF5, 0x80, 0x80, 0x80}, // lead byte beyond U+10FFFF
            {0x61, 0xC3, 0x28},       // a lead followed by a non-continuation
        };
        for (int[] b : bad) {
            byte[] text = frame(true, WireFrames.OP_TEXT, bytes(b), true);
            assertThat(read(text)).as(java.util.Arrays.toString(b)).containsExactly("error:1007");
            assertThat(readByteByByte(concat(text, text("after")))).as(java.util.Arrays.toString(b))
                    .containsExactly("error:1007");
        }
        // a character cut by the end of the message (fragments: the first carries its lead byte)
        byte[] cutAtTheEnd = concat(frame(false, WireFrames.OP_TEXT, bytes(0x61, 0xE2, 0x98), true),
                frame(true, WireFrames.OP_CONTINUATION, new byte[0], true));
        assertThat(read(cutAtTheEnd)).containsExactly("error:1007");
        // bad bytes in a later fragment, after a ping between the fragments
        byte[] late = concat(frame(false, WireFrames.OP_TEXT, "ok".getBytes(StandardCharsets.UTF_8), true),
                frame(true, WireFrames.OP_PING, new byte[0], true),
                frame(true, WireFrames.OP_CONTINUATION, bytes(0xC3), true));
        assertThat(readByteByByte(late)).containsExactly("ping:", "error:1007");
    }

    @Test
    void lengthsNotInTheirShortestFormAre1002() {
        // 5 bytes announced in the 16-bit form, masked
        byte[] short16 = {(byte) 0x81, (byte) (0x80 | 126), 0, 5, 1, 2, 3, 4, 'a', 'b', 'c', 'd', 'e'};
        assertThat(read(short16)).containsExactly("error:1002");
        assertThat(readByteByByte(short16)).containsExactly("error:1002");
        // 200 bytes announced in the 64-bit form
        byte[] long64 = new byte[14 + 200];
        long64[0] = (byte) 0x82;
        long64[1] = (byte) (0x80 | 127);
        long64[8] = 0;
        long64[9] = (byte) 200;
        assertThat(read(long64)).containsExactly("error:1002");
        // a ping of 5 bytes in the 16-bit form
        byte[] ping16 = {(byte) 0x89, (byte) (0x80 | 126), 0, 5, 1, 2, 3, 4, 'a', 'b', 'c', 'd', 'e'};
        assertThat(read(ping16)).containsExactly("error:1002");
        // the shortest forms themselves are fine
        assertThat(read(concat(frame(true, WireFrames.OP_TEXT, new byte[126], true),
                frame(true, WireFrames.OP_BINARY, new byte[65_536], true)))).containsExactly("message", "message");
    }

    @Test
    void closeCodesAUserAgentMaySend() {
        assertThat(ClientFrameReader.validCloseCode(1000)).isTrue();
        assertThat(ClientFrameReader.validCloseCode(1001)).isTrue();
        assertThat(ClientFrameReader.validCloseCode(1011)).isTrue();
        assertThat(ClientFrameReader.validCloseCode(4999)).isTrue();
        assertThat(ClientFrameReader.validCloseCode(1004)).isFalse();
        assertThat(ClientFrameReader.validCloseCode(1006)).isFalse();
        assertThat(ClientFrameReader.validCloseCode(1015)).isFalse();
        assertThat(ClientFrameReader.validCloseCode(2999)).isFalse();
        assertThat(ClientFrameReader.validCloseCode(5000)).isFalse();
    }
}
