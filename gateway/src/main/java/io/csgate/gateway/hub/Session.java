package io.csgate.gateway.hub;

/**
 * A client's open transport (a websocket today) as the hub sees it. Implementations keep a bounded
 * outbound queue and write asynchronously: {@link #send} never blocks.
 */
public interface Session {

    /**
     * Queues one text frame. When the queue is full the session closes itself with
     * {@link CloseCodes#SLOW_CONSUMER} and returns false.
     */
    boolean send(Frame frame);

    /** Sends the {@code []} heartbeat. */
    default void heartbeat() {
        send(Frame.HEARTBEAT);
    }

    /** Closes the transport with a websocket close code; idempotent. */
    void close(int code, String reason);

    /** Whether the transport is still open. */
    boolean isOpen();
}
