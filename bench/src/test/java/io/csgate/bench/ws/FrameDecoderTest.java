package io.csgate.bench.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    record Frame(int opcode, boolean fin, String text) {}

    static byte[] serverFrame(int opcode, boolean fin, byte[] payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write((fin ? 0x80 : 0) | opcode);
        int n = payload.length;
        if (n < 126) {
            b.write(n);
        } else if (n <= 0xffff) {
            b.write(126);
            b.write(n >>> 8);
            b.write(n);
        } else {
            b.write(127);
            b.writeBytes(ByteBuffer.allocate(8).putLong(n).array());
        }
        b.writeBytes(payload);
        return b.toByteArray();
    }

    static byte[] text(String s) {
        return serverFrame(FrameDecoder.OP_TEXT, true, s.getBytes(StandardCharsets.UTF_8));
    }

    static List<Frame> decodeAll(ByteBuffer buf, List<Frame> into) throws WsException {
        FrameDecoder.decode(buf, 1 << 24, (op, fin, a, off, len) -> {
            into.add(new Frame(op, fin, new String(a, off, len, StandardCharsets.UTF_8)));
            return true;
        });
        return into;
    }

    @Test
    void decodesFramesOfEveryLengthEncoding() throws Exception {
        String small = "[]";
        String medium = "x".repeat(300);
        String large = "y".repeat(70_000);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(text(small));
        all.writeBytes(text(medium));
        all.writeBytes(text(large));
        List<Frame> frames = decodeAll(ByteBuffer.wrap(all.toByteArray()), new ArrayList<>());
        assertThat(frames).extracting(Frame::text).containsExactly(small, medium, large);
    }

    @Test
    void leavesAnIncompleteFrameForLaterWhereverTheReadSplitsIt() throws Exception {
        byte[] stream = new ByteArrayOutputStream() {{
            writeBytes(text("[{\"t\":1}]"));
            writeBytes(text("z".repeat(200)));
            writeBytes(serverFrame(FrameDecoder.OP_PING, true, new byte[] {1, 2}));
        }}.toByteArray();
        for (int split = 0; split <= stream.length; split++) {
            List<Frame> frames = new ArrayList<>();
            ByteBuffer first = ByteBuffer.wrap(stream, 0, split).slice();
            decodeAll(first, frames);
            // what is left, followed by the rest of the stream, decodes to the remaining frames
            ByteBuffer rest = ByteBuffer.allocate(stream.length);
            rest.put(first).put(stream, split, stream.length - split).flip();
            decodeAll(rest, frames);
            assertThat(rest.hasRemaining()).isFalse();
            assertThat(frames).as("split at %d", split).extracting(Frame::opcode)
                    .containsExactly(FrameDecoder.OP_TEXT, FrameDecoder.OP_TEXT, FrameDecoder.OP_PING);
        }
    }

    @Test
    void frameLengthNeedsTheWholeHeader() {
        byte[] f = text("a".repeat(1000));
        assertThat(FrameDecoder.frameLength(ByteBuffer.wrap(f, 0, 1).slice())).isEqualTo(-1);
        assertThat(FrameDecoder.frameLength(ByteBuffer.wrap(f, 0, 3).slice())).isEqualTo(-1);
        assertThat(FrameDecoder.frameLength(ByteBuffer.wrap(f, 0, 4).slice())).isEqualTo(1004);
    }

    @Test
    void unmasksAMaskedFrame() throws Exception {
        ByteBuffer masked = FrameEncoder.frame(FrameDecoder.OP_TEXT, "hello".getBytes(StandardCharsets.UTF_8), 0, 5,
                0x11223344);
        assertThat(decodeAll(masked, new ArrayList<>())).containsExactly(new Frame(FrameDecoder.OP_TEXT, true, "hello"));
    }

    @Test
    void refusesReservedBitsAndOversizedFrames() {
        byte[] rsv = text("a");
        rsv[0] |= 0x40;
        assertThatThrownBy(() -> decodeAll(ByteBuffer.wrap(rsv), new ArrayList<>()))
                .isInstanceOf(WsException.class).hasMessageContaining("reserved bits");
        ByteBuffer big = ByteBuffer.wrap(text("b".repeat(2000)));
        assertThatThrownBy(() -> FrameDecoder.decode(big, 1000, (op, fin, a, off, len) -> true))
                .isInstanceOf(WsException.class).hasMessageContaining("exceeds the limit of 1000");
    }

    @Test
    void encoderMasksAndUsesTheRightLengthForm() {
        byte[] payload = new byte[300];
        ByteBuffer f = FrameEncoder.frame(FrameDecoder.OP_TEXT, payload, 0, 300, 0x01020304);
        assertThat(f.get(0) & 0xff).isEqualTo(0x81);
        assertThat(f.get(1) & 0xff).isEqualTo(0x80 | 126);
        assertThat(f.getShort(2)).isEqualTo((short) 300);
        assertThat(f.getInt(4)).isEqualTo(0x01020304);
        assertThat(f.get(8)).isEqualTo((byte) 0x01);
        assertThat(f.remaining()).isEqualTo(2 + 2 + 4 + 300);
        assertThat(FrameEncoder.close(1000).remaining()).isEqualTo(2 + 4 + 2);
    }
}
