package io.csgate.gateway.ws;

import io.csgate.gateway.hub.Frame;
import java.nio.charset.StandardCharsets;

/**
 * Server-to-client websocket frames (RFC 6455 §5.2) as complete byte arrays: FIN set, never
 * masked, no extensions. Because server frames are not masked, one encoding of a frame serves
 * every socket it goes to.
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

    /** The text frame for a hub frame, cached on the frame so it is built once. */
    static byte[] text(Frame frame) {
        return frame.encoded(f -> frame(OP_TEXT, f.utf8()));
    }

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
        int header = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
        byte[] out = new byte[header + n];
        out[0] = (byte) (0x80 | opcode);
        if (n < 126) {
            out[1] = (byte) n;
        } else if (n <= 0xFFFF) {
            out[1] = 126;
            out[2] = (byte) (n >>> 8);
            out[3] = (byte) n;
        } else {
            out[1] = 127;
            long len = n;
            for (int i = 0; i < 8; i++) {
                out[2 + i] = (byte) (len >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, out, header, n);
        return out;
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
