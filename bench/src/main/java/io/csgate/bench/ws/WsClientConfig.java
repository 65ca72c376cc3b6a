package io.csgate.bench.ws;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Settings of a {@link WsClient}.
 *
 * @param ioThreads selector threads; connections are spread over them round-robin
 * @param readBufferBytes the one read buffer of each selector thread
 * @param maxFrameBytes largest accepted frame or fragmented message
 * @param handshakeTimeout from {@code connect()} to the 101 answer
 * @param closeWait how long to wait for the server to close TCP after a close handshake
 * @param heartbeat interval of client text heartbeats ({@code {"type":"heartbeat"}}, as the
 *     Channelstream JS client sends every 10 s); zero turns them off
 */
public record WsClientConfig(int ioThreads, int readBufferBytes, int maxFrameBytes, Duration handshakeTimeout,
                             Duration closeWait, Duration heartbeat) {

    public static final byte[] HEARTBEAT = "{\"type\":\"heartbeat\"}".getBytes(StandardCharsets.US_ASCII);

    public static WsClientConfig defaults() {
        return new WsClientConfig(1, 64 * 1024, 4 * 1024 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(2),
                Duration.ofSeconds(10));
    }

    public WsClientConfig withIoThreads(int n) {
        return new WsClientConfig(n, readBufferBytes, maxFrameBytes, handshakeTimeout, closeWait, heartbeat);
    }

    public WsClientConfig withHeartbeat(Duration d) {
        return new WsClientConfig(ioThreads, readBufferBytes, maxFrameBytes, handshakeTimeout, closeWait, d);
    }

    public WsClientConfig withHandshakeTimeout(Duration d) {
        return new WsClientConfig(ioThreads, readBufferBytes, maxFrameBytes, d, closeWait, heartbeat);
    }

    long heartbeatNanos() {
        return heartbeat.toNanos();
    }

    long closeWaitNanos() {
        return closeWait.toNanos();
    }

    byte[] heartbeatPayload() {
        return HEARTBEAT;
    }
}
