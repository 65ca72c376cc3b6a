package io.csgate.bench.ws;

import java.nio.ByteBuffer;

/**
 * Decodes RFC 6455 frames from a heap buffer in read mode, in place. Stateless: a frame that is
 * not complete is left in the buffer (position at its first byte) for the caller to keep.
 */
final class FrameDecoder {

    static final int OP_CONTINUATION = 0x0;
    static final int OP_TEXT = 0x1;
    static final int OP_BINARY = 0x2;
    static final int OP_CLOSE = 0x8;
    static final int OP_PING = 0x9;
    static final int OP_PONG = 0xA;

    /** Receives decoded frames; the payload is {@code data[offset, offset+length)}, unmasked. */
    interface Sink {
        /** Returns false to stop decoding (the connection failed or closed). */
        boolean frame(int opcode, boolean fin, byte[] data, int offset, int length) throws WsException;
    }

    private FrameDecoder() {}

    /**
     * Total length (header and payload) of the frame at the buffer's position, or -1 when its
     * header is not complete yet.
     */
    static long frameLength(ByteBuffer buf) {
        int avail = buf.remaining();
        if (avail < 2) {
            return -1;
        }
        byte[] a = buf.array();
        int p = buf.arrayOffset() + buf.position();
        int b1 = a[p + 1] & 0xff;
        int maskLen = (b1 & 0x80) != 0 ? 4 : 0;
        int len7 = b1 & 0x7f;
        if (len7 < 126) {
            return 2 + maskLen + len7;
        }
        if (len7 == 126) {
            if (avail < 4) {
                return -1;
            }
            return 4 + maskLen + (((a[p + 2] & 0xff) << 8) | (a[p + 3] & 0xff));
        }
        if (avail < 10) {
            return -1;
        }
        long len = 0;
        for (int i = 2; i < 10; i++) {
            len = (len << 8) | (a[p + i] & 0xff);
        }
        return len < 0 ? Long.MAX_VALUE : 10 + maskLen + len;
    }

    /**
     * Hands every complete frame from the buffer's position to {@code sink} and advances the
     * position past it. Stops at an incomplete frame, or when the sink returns false.
     *
     * @throws WsException for a frame longer than {@code maxFrame} or a reserved bit set
     */
    static void decode(ByteBuffer buf, long maxFrame, Sink sink) throws WsException {
        byte[] a = buf.array();
        while (true) {
            long total = frameLength(buf);
            if (total > maxFrame) {
                throw new WsException("frame of " + total + " bytes exceeds the limit of " + maxFrame);
            }
            if (total < 0 || total > buf.remaining()) {
                return;
            }
            int p = buf.arrayOffset() + buf.position();
            int b0 = a[p] & 0xff;
            int b1 = a[p + 1] & 0xff;
            if ((b0 & 0x70) != 0) {
                throw new WsException("reserved bits set in frame header 0x" + Integer.toHexString(b0)
                        + " (no extension was negotiated)");
            }
            int len7 = b1 & 0x7f;
            int header = len7 < 126 ? 2 : len7 == 126 ? 4 : 10;
            boolean masked = (b1 & 0x80) != 0;
            int payloadStart = p + header + (masked ? 4 : 0);
            int payloadLen = (int) (total - header - (masked ? 4 : 0));
            if (masked) {
                // servers must not mask; unmask anyway rather than fail
                int k = p + header;
                for (int i = 0; i < payloadLen; i++) {
                    a[payloadStart + i] ^= a[k + (i & 3)];
                }
            }
            buf.position(buf.position() + (int) total);
            if (!sink.frame(b0 & 0x0f, (b0 & 0x80) != 0, a, payloadStart, payloadLen)) {
                return;
            }
        }
    }
}
