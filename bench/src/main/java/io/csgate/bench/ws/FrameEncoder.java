package io.csgate.bench.ws;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

/** Encodes client-to-server frames: always final, always masked with a fresh key (RFC 6455 5.3). */
final class FrameEncoder {

    private FrameEncoder() {}

    static ByteBuffer frame(int opcode, byte[] payload) {
        return frame(opcode, payload, 0, payload.length, ThreadLocalRandom.current().nextInt());
    }

    static ByteBuffer frame(int opcode, byte[] payload, int offset, int length, int maskKey) {
        int header = length < 126 ? 2 : length <= 0xffff ? 4 : 10;
        ByteBuffer b = ByteBuffer.allocate(header + 4 + length);
        b.put((byte) (0x80 | opcode));
        if (length < 126) {
            b.put((byte) (0x80 | length));
        } else if (length <= 0xffff) {
            b.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            b.put((byte) (0x80 | 127)).putLong(length);
        }
        b.putInt(maskKey);
        byte[] mask = {(byte) (maskKey >>> 24), (byte) (maskKey >>> 16), (byte) (maskKey >>> 8), (byte) maskKey};
        for (int i = 0; i < length; i++) {
            b.put((byte) (payload[offset + i] ^ mask[i & 3]));
        }
        return b.flip();
    }

    /** A close frame with {@code code} and no reason. */
    static ByteBuffer close(int code) {
        return frame(FrameDecoder.OP_CLOSE, new byte[] {(byte) (code >>> 8), (byte) code});
    }
}
