package io.csgate.bench.cluster;

import io.csgate.bench.subscriber.GroupSnapshot;
import io.csgate.bench.subscriber.SubscriberPool;

/** Subscribers held in this process. */
final class LocalGroup implements SocketGroup {

    private final SubscriberPool pool;
    private final boolean measureHeap;
    private boolean gc;

    LocalGroup(SubscriberPool pool, boolean measureHeap) {
        this.pool = pool;
        this.measureHeap = measureHeap;
    }

    @Override
    public void awaitOpen() throws InterruptedException {
        pool.open(measureHeap);
    }

    @Override
    public void requestSnapshot(boolean gc) {
        this.gc = gc;
    }

    @Override
    public GroupSnapshot awaitSnapshot() {
        return pool.snapshot(gc);
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public void kill() {
        pool.close();
    }
}
