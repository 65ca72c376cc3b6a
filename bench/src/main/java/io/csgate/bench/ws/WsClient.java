package io.csgate.bench.ws;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens and holds client websockets on a few selector threads. Thread-safe. Owns its selector
 * threads (daemons) until {@link #close()}: a graceful close handshake for every open socket,
 * bounded by {@code closeWait}, then the threads stop and whatever is left is dropped.
 */
public final class WsClient implements AutoCloseable {

    private final IoLoop[] loops;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();
    private final WsClientConfig config;
    private final AtomicBoolean closed = new AtomicBoolean();

    public WsClient(WsClientConfig config) {
        this.config = config;
        this.loops = new IoLoop[config.ioThreads()];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new IoLoop("bench-ws-" + i, config, open, errors);
            loops[i].start();
        }
    }

    /**
     * Opens {@code ws://<address><pathAndQuery>}. The future completes on the selector thread once
     * the upgrade succeeded, or fails with the reason (refused, timed out, bad answer).
     */
    public CompletableFuture<WsConnection> connect(InetSocketAddress address, String hostHeader,
                                                   String pathAndQuery, WsListener listener, int tag) {
        CompletableFuture<WsConnection> future = new CompletableFuture<>();
        IoLoop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        loop.execute(() -> loop.open(address, hostHeader, pathAndQuery, listener, tag, future));
        return future;
    }

    /** Connections whose upgrade succeeded and that are not closed yet. */
    public int openCount() {
        return open.get();
    }

    /** Listener or selector failures so far (each closed its connection). */
    public int errorCount() {
        return errors.get();
    }

    /** Starts the close handshake on every connection; returns at once. */
    public void closeAll() {
        for (IoLoop l : loops) {
            l.execute(l::closeAll);
        }
    }

    /** Idempotent and safe from any thread. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeAll();
        long end = System.nanoTime() + config.closeWait().plusMillis(500).toNanos();
        while (registered() > 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (IoLoop l : loops) {
            l.shutdown();
        }
        boolean interrupted = Thread.interrupted();
        for (IoLoop l : loops) {
            try {
                l.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private int registered() {
        int n = 0;
        for (IoLoop l : loops) {
            n += l.size();
        }
        return n;
    }
}
