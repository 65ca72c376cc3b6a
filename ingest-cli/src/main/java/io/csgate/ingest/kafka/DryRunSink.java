package io.csgate.ingest.kafka;

import java.util.concurrent.CompletableFuture;

/** {@code --dry-run}: counts what would be sent as acknowledged, connects to nothing. */
public final class DryRunSink implements EventSink {

    private final Deliveries deliveries = new Deliveries();

    @Override
    public CompletableFuture<Position> send(byte[] value, byte[] signature, int messages, long firstLine) {
        deliveries.sent(messages);
        deliveries.acked(messages);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void flush() {
        // nothing in flight
    }

    @Override
    public Deliveries deliveries() {
        return deliveries;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
