package io.csgate.gateway.cluster;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The snapshot thread, {@code csgate-snapshot}: {@link Snapshotter} encodes and writes snapshots on
 * it, so encoding a large model does not hold up the state thread (heartbeats, attach events). One
 * snapshot at a time; closing lets the one under way finish.
 */
public final class SnapshotThread implements Executor, AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "csgate-snapshot");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void execute(Runnable task) {
        thread.execute(task);
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
