package io.csgate.gateway.ws;

import java.time.Duration;

/**
 * What one websocket may cost before it counts as a slow consumer: bytes waiting for it
 * ({@code max_queued_bytes}), and time with bytes waiting and none taken by the client
 * ({@code slow_consumer_after}).
 */
record SocketBudget(long maxQueuedBytes, long slowConsumerAfterNanos) {

    /**
     * Largest text frame the gateway composes from queued frames, and the largest long-poll
     * answer: 64 KiB of payload, one write buffer. A single larger event still goes whole.
     */
    static final int MAX_FRAME_BYTES = 64 * 1024;

    /**
     * Bytes waiting for a socket that keeps up beyond which the log is held back: a quarter of the
     * budget, so that what is already being applied when the hold starts (about two chunks of
     * records, each delivered to every socket) fits in the rest.
     */
    long holdBackAt() {
        return maxQueuedBytes / 4;
    }

    static SocketBudget of(long maxQueuedBytes, Duration slowConsumerAfter) {
        return new SocketBudget(maxQueuedBytes, slowConsumerAfter.toNanos());
    }
}
