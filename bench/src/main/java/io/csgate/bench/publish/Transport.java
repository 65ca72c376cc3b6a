package io.csgate.bench.publish;

/** One way of getting a batch of messages to the server; thread-safe. */
public interface Transport extends AutoCloseable {

    /**
     * Sends one JSON array of {@code POST /message} items and waits for its acknowledgement.
     *
     * @return null when acknowledged, else what went wrong (status and body, or the error)
     */
    String send(byte[] items) throws InterruptedException;

    /**
     * Opens the connections it will use now, as a backend's pool already is when an attack begins
     * (a full server refuses new connections). Nothing to do for Kafka, whose broker the gateway's
     * connection cap does not touch.
     */
    default void openConnections() {
    }

    /** {@code rest} or {@code kafka}. */
    String name();

    @Override
    void close();
}
