package io.csgate.bench.publish;

/** One way of getting a batch of messages to the server; thread-safe. */
public interface Transport extends AutoCloseable {

    /**
     * Sends one JSON array of {@code POST /message} items and waits for its acknowledgement.
     *
     * @return null when acknowledged, else what went wrong (status and body, or the error)
     */
    String send(byte[] items) throws InterruptedException;

    /** {@code rest} or {@code kafka}. */
    String name();

    @Override
    void close();
}
