package io.csgate.gateway.ws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Server-to-client websocket frames (RFC 6455 §5.2): FIN set, never masked, no extensions, the
 * shortest length form. Control frames are built as byte arrays; text frames are written by
 * {@link WsQueue} straight into the write buffer, from hub frames shared by every socket.
 */
final class WireFrames {

    static final int OP_CONTINUATION = 0x0;
    static final int OP_TEXT = 0x1;
    static final int OP_BINARY = 0x2;
    static final int OP_CLOSE = 0x8;
    static final int OP_PING = 0x9;
    static final int OP_PONG = 0xA;

    /** Longest close reason that fits a control frame (125 bytes less the 2-byte code). */
    static final int MAX_REASON_BYTES = 123;

    private WireFrames() {}

    /** A close frame with a status code and a reason (cut to fit at a character boundary). */
    static byte[] close(int code, String reason) {
        byte[] text = fit(reason == null ? "" : reason);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return frame(OP_CLOSE, payload);
    }

    /** A close frame without a status (answers a client close that carried none). */
    static byte[] emptyClose() {
        return frame(OP_CLOSE, new byte[0]);
    }

    static byte[] pong(byte[] payload) {
        return frame(OP_PONG, payload);
    }

    static byte[] frame(int opcode, byte[] payload) {
        int n = payload.length;
        ByteBuffer out = ByteBuffer.allocate(headerLength(n) + n);
        putHeader(out, opcode, n);
        return out.put(payload).array();
    }

    /** Bytes of the header of a frame with {@code payloadLength} bytes: 2, 4 or 10. */
    static int headerLength(long payloadLength) {
        return payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    /** Writes a header (FIN set, unmasked) with the shortest length form (RFC 6455 §5.2). */
    static void putHeader(ByteBuffer out, int opcode, long payloadLength) {
        out.put((byte) (0x80 | opcode));
        if (payloadLength < 126) {
            out.put((byte) payloadLength);
        } else if (payloadLength <= 0xFFFF) {
            out.put((byte) 126);
            out.putShort((short) payloadLength);
        } else {
            out.put((byte) 127);
            out.putLong(payloadLength);
        }
    }

    private static byte[] fit(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return bytes;
        }
        int end = MAX_REASON_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // do not split a UTF-8 sequence
        }
        return java.util.Arrays.copyOf(bytes, end);
    }
}
