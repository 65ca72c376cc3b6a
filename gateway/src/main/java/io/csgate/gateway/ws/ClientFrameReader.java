package io.csgate.gateway.ws;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes client-to-server websocket frames (RFC 6455 §5) as bytes arrive, in any split. The
 * content of data messages is not kept: clients' text frames only count as activity
 * (docs/protocol.md §7.1), so a message of any size costs no memory. Control frames (at most 125 bytes) are
 * unmasked into a small buffer. Protocol violations are reported once, with the close code the
 * RFC asks for, and end the decoding. One instance per socket; not thread-safe.
 */
final class ClientFrameReader {

    /** What the decoder found. */
    interface Events {
        /** A complete text or binary message (all its fragments) arrived. */
        void onMessage();

        void onPing(byte[] payload);

        void onPong();

        /** A close frame; {@code code} is 1005 when it carried no status. */
        void onClose(int code, String reason);

        /** The client broke the protocol: close with {@code code} (1002, or 1007 for bad UTF-8). */
        void onProtocolError(int code, String reason);
    }

    static final int NO_STATUS = 1005;
    static final int PROTOCOL_ERROR = 1002;
    static final int INVALID_DATA = 1007;

    private final byte[] header = new byte[14];
    private int headerLength;
    private boolean inPayload;
    private int opcode;
    private boolean fin;
    private long remaining;
    private int maskIndex;
    private byte[] control;
    private int controlLength;
    private boolean inMessage;
    private boolean done;

    /** Consumes every byte of {@code in}, reporting complete frames as they end. */
    void feed(ByteBuffer in, Events events) {
        while (in.hasRemaining() && !done) {
            if (!inPayload) {
                header[headerLength++] = in.get();
                if (headerLength == 2 && (header[1] & 0x80) == 0) {
                    fail(events, PROTOCOL_ERROR, "client frames must be masked"); // before waiting for a key
                    return;
                }
                if (headerLength < headerSize()) {
                    continue;
                }
                if (!startFrame(events)) {
                    return;
                }
                if (remaining == 0) {
                    endFrame(events);
                }
            } else {
                int n = (int) Math.min(remaining, in.remaining());
                if (opcode >= WireFrames.OP_CLOSE) {
                    for (int i = 0; i < n; i++) {
                        control[controlLength++] = (byte) (in.get() ^ header[headerLength - 4 + (maskIndex++ & 3)]);
                    }
                } else {
                    in.position(in.position() + n); // data content is ignored
                }
                remaining -= n;
                if (remaining == 0) {
                    endFrame(events);
                }
            }
        }
    }

    /** True once a close frame or a protocol error ended the stream; later bytes are ignored. */
    boolean isDone() {
        return done;
    }

    private int headerSize() {
        if (headerLength < 2) {
            return 2;
        }
        int len7 = header[1] & 0x7F;
        return 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + 4;
    }

    private boolean startFrame(Events events) {
        int b0 = header[0] & 0xFF;
        int b1 = header[1] & 0xFF;
        fin = (b0 & 0x80) != 0;
        opcode = b0 & 0x0F;
        if ((b0 & 0x70) != 0) {
            return fail(events, PROTOCOL_ERROR, "reserved bits set; no extension was negotiated");
        }
        int len7 = b1 & 0x7F;
        long length;
        if (len7 == 126) {
            length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        } else if (len7 == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xFF);
            }
            if (length < 0) {
                return fail(events, PROTOCOL_ERROR, "frame length out of range");
            }
        } else {
            length = len7;
        }
        switch (opcode) {
            case WireFrames.OP_CLOSE, WireFrames.OP_PING, WireFrames.OP_PONG -> {
                if (!fin || length > 125) {
                    return fail(events, PROTOCOL_ERROR, "control frames must be whole and at most 125 bytes");
                }
                if (control == null) {
                    control = new byte[125];
                }
                controlLength = 0;
            }
            case WireFrames.OP_CONTINUATION -> {
                if (!inMessage) {
                    return fail(events, PROTOCOL_ERROR, "continuation frame without a message to continue");
                }
            }
            case WireFrames.OP_TEXT, WireFrames.OP_BINARY -> {
                if (inMessage) {
                    return fail(events, PROTOCOL_ERROR, "new message before the fragmented one ended");
                }
            }
            default -> {
                return fail(events, PROTOCOL_ERROR, "unknown opcode " + opcode);
            }
        }
        remaining = length;
        maskIndex = 0;
        inPayload = true;
        return true;
    }

    private void endFrame(Events events) {
        inPayload = false;
        headerLength = 0;
        switch (opcode) {
            case WireFrames.OP_CLOSE -> closeFrame(events);
            case WireFrames.OP_PING -> events.onPing(java.util.Arrays.copyOf(control, controlLength));
            case WireFrames.OP_PONG -> events.onPong();
            default -> {
                inMessage = !fin;
                if (fin) {
                    events.onMessage();
                }
            }
        }
    }

    private void closeFrame(Events events) {
        if (controlLength == 0) {
            done = true;
            events.onClose(NO_STATUS, "");
            return;
        }
        if (controlLength == 1) {
            fail(events, PROTOCOL_ERROR, "close frame with a one-byte payload");
            return;
        }
        int code = ((control[0] & 0xFF) << 8) | (control[1] & 0xFF);
        if (!validCloseCode(code)) {
            fail(events, PROTOCOL_ERROR, "invalid close code " + code);
            return;
        }
        String reason;
        try {
            reason = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(control, 2, controlLength - 2)).toString();
        } catch (CharacterCodingException e) {
            fail(events, INVALID_DATA, "close reason is not UTF-8");
            return;
        }
        done = true;
        events.onClose(code, reason);
    }

    /** Codes a peer may send (RFC 6455 §7.4; 1004-1006 and 1015 are never sent on the wire). */
    static boolean validCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    private boolean fail(Events events, int code, String reason) {
        done = true;
        events.onProtocolError(code, reason);
        return false;
    }
}
