package io.csgate.bench.scenario;

import io.csgate.bench.http.ChannelstreamApi;
import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.Target;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Subscribers that stop reading right after the upgrade: plain sockets with a 4 KiB receive
 * buffer (so the kernel holds little for them), on the channels of the run. The server should
 * close them within its per-connection budget while the others keep receiving. At the end,
 * {@link #closedByServer} reads what is left and tells which ones the server had closed.
 */
final class StalledSockets implements AutoCloseable {

    static final int RECEIVE_BUFFER = 4096;

    private final List<Socket> sockets = new ArrayList<>();

    /** Opens {@code count} stalled subscribers, subscriber {@code k} on channel {@code k mod channels}. */
    static StalledSockets open(Target target, ChannelstreamApi api, String runId, String[] channels, int count)
            throws InterruptedException {
        StalledSockets s = new StalledSockets();
        try {
            for (int k = 0; k < count; k++) {
                String connId = api.connect("bench-" + runId + "-stalled" + k, List.of(channels[k % channels.length]));
                s.sockets.add(upgrade(target, connId));
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw new BenchException("cannot open a stalled subscriber: " + e.getMessage(), e);
        }
        return s;
    }

    private static Socket upgrade(Target target, String connId) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(RECEIVE_BUFFER);
        socket.connect(target.socketAddress(), 10_000);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET /ws?conn_id=" + connId + " HTTP/1.1\r\nHost: " + target.hostHeader()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("no upgrade answer");
            }
            head.append((char) c);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + head.toString().lines().findFirst().orElse(""));
        }
        return socket;
    }

    int size() {
        return sockets.size();
    }

    /**
     * Reads each socket to its end, at most {@code perSocketMillis} of silence each: the number the
     * server had closed (end of stream or reset), the others being still open.
     */
    int closedByServer(int perSocketMillis) {
        int closed = 0;
        byte[] sink = new byte[64 * 1024];
        for (Socket s : sockets) {
            try {
                s.setSoTimeout(perSocketMillis);
                InputStream in = s.getInputStream();
                while (in.read(sink) >= 0) {
                    // drain what the kernel held for it
                }
                closed++;
            } catch (SocketTimeoutException e) {
                // still open: the server is still writing to it, or waiting
            } catch (IOException e) {
                closed++; // reset by the server
            }
        }
        return closed;
    }

    @Override
    public void close() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
