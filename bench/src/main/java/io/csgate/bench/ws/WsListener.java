package io.csgate.bench.ws;

/**
 * Receives the events of connections. Every method runs on the connection's selector thread: it
 * must be quick and must never block. One listener may serve many connections.
 */
public interface WsListener {

    /** The upgrade succeeded. */
    default void onOpen(WsConnection connection) {}

    /**
     * A complete text message. {@code data[offset, offset+length)} is valid only during the call
     * (it points into a shared read buffer).
     */
    void onText(WsConnection connection, byte[] data, int offset, int length);

    /**
     * The connection is gone after it was open: {@code code} is the server's close code, or 1006
     * when the socket dropped without one; {@code reason} says why. Not called for connections
     * that fail before opening (their open future fails instead).
     */
    default void onClose(WsConnection connection, int code, String reason) {}
}
