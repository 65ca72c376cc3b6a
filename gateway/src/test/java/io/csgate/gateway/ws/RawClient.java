package io.csgate.gateway.ws;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A websocket client on a plain socket with a small receive buffer, so the kernel cannot hold
 * much for it: after the upgrade it reads nothing until told, which is what a stalled client
 * looks like to the server. Then it reads every frame up to the end of the stream.
 */
final class RawClient implements AutoCloseable {

    /** A server frame: opcode and payload. */
    record Wire(int opcode, byte[] payload) {
        int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        String closeReason() {
            return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** Connects with a {@code receiveBuffer}-byte kernel buffer and completes the upgrade. */
    RawClient(String httpBase, String connId, int receiveBuffer) throws IOException {
        URI uri = URI.create(httpBase);
        socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer); // before connecting, so the window stays small
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
        socket.setSoTimeout(30_000);
        in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 65_536));
        out = new java.io.BufferedOutputStream(socket.getOutputStream(), 65_536);
        out.write(("GET /ws?conn_id=" + connId + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("no upgrade answer: " + head);
            }
            head.write(c);
        }
        if (!head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + head);
        }
    }

    void send(byte[] frame) throws IOException {
        out.write(frame);
    }

    void flush() throws IOException {
        out.flush();
    }

    /** The next frame, or null at the end of the stream (or a reset). */
    Wire next() throws IOException {
        try {
            int b0 = in.read();
            if (b0 < 0) {
                return null;
            }
            int b1 = in.readUnsignedByte();
            long len = b1 & 0x7F;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] payload = new byte[(int) len];
            in.readFully(payload);
            return new Wire(b0 & 0x0F, payload);
        } catch (EOFException | SocketException e) {
            return null; // cut in the middle of a frame, or reset: the stream ended
        }
    }

    /** Every frame until the end of the stream. */
    List<Wire> readToEnd() throws IOException {
        List<Wire> frames = new ArrayList<>();
        for (Wire w = next(); w != null; w = next()) {
            frames.add(w);
        }
        return frames;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
