package io.csgate.gateway.hub;

/**
 * A client's open transport (a websocket or a long poll) as the hub sees it. Implementations keep a
 * bounded outbound queue and write asynchronously: {@link #send} never blocks. Frames that wait
 * together may leave as one JSON array, in order.
 */
public interface Session {

    /**
     * Queues one frame; false when the session no longer takes frames (closed, closing, or a long
     * poll that is full). A websocket over its budget closes itself with
     * {@link CloseCodes#SLOW_CONSUMER}.
     */
    boolean send(Frame frame);

    /** Sends the {@code []} heartbeat. */
    default void heartbeat() {
        send(Frame.HEARTBEAT);
    }

    /** Closes the transport with a websocket close code; idempotent. */
    void close(int code, String reason);

    /**
     * Bytes sent to it and not yet taken by the client, as far as the transport knows (any
     * thread); a catch-up waits for this to fall before it sends more. 0 by default.
     */
    default long backlogBytes() {
        return 0;
    }

    /** Whether the transport is still open. */
    boolean isOpen();
}
