package io.csgate.bench.ws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One selector thread and the connections registered with it. Owns its thread: every
 * {@link WsConnection} it holds is read, written and closed only there; other threads reach it
 * through {@link #execute}. A listener or task that throws is counted, and the loop goes on.
 */
final class IoLoop implements Runnable {

    private static final long TICK_NANOS = 250_000_000L;

    private final WsClientConfig config;
    private final Selector selector;
    private final ByteBuffer shared;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger open;
    private final AtomicInteger errors;
    private final Thread thread;
    private volatile boolean running = true;
    private long nextTick;

    IoLoop(String name, WsClientConfig config, AtomicInteger open, AtomicInteger errors) {
        this.config = config;
        this.open = open;
        this.errors = errors;
        this.shared = ByteBuffer.allocate(config.readBufferBytes());
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    WsClientConfig config() {
        return config;
    }

    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    void opened() {
        open.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }

    /** Registered connections, open or not (approximate while the loop runs). */
    int size() {
        try {
            return selector.keys().size();
        } catch (ClosedSelectorException e) {
            return 0;
        }
    }

    void open(InetSocketAddress address, String hostHeader, String pathAndQuery, WsListener listener, int tag,
              CompletableFuture<WsConnection> future) {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            String key = Handshake.newKey();
            WsConnection.PendingOpen pending = new WsConnection.PendingOpen(
                    Handshake.request(hostHeader, pathAndQuery, key), Handshake.accept(key), future);
            WsConnection c = new WsConnection(this, ch, listener, tag, pending,
                    System.nanoTime() + config.handshakeTimeout().toNanos());
            c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
            if (ch.connect(address)) {
                c.onConnectable();
            }
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            future.completeExceptionally(e);
        }
    }

    void closeAll() {
        for (SelectionKey k : new ArrayList<>(selector.keys())) {
            if (k.attachment() instanceof WsConnection c) {
                c.startClose();
            }
        }
    }

    void shutdown() {
        running = false;
        selector.wakeup();
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    @Override
    public void run() {
        nextTick = System.nanoTime() + TICK_NANOS;
        try {
            while (running) {
                long wait = Math.max(1, (nextTick - System.nanoTime()) / 1_000_000);
                selector.select(this::ready, wait);
                runTasks();
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    nextTick = now + TICK_NANOS;
                    tick(now);
                }
            }
        } catch (IOException | RuntimeException e) {
            errors.incrementAndGet();
            System.err.println("bench: selector thread " + thread.getName() + " stopped: " + e);
        } finally {
            runTasks();
            for (SelectionKey k : new ArrayList<>(selector.keys())) {
                if (k.attachment() instanceof WsConnection c) {
                    c.finish(1006, "client shut down");
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // shutting down
            }
        }
    }

    private void ready(SelectionKey k) {
        WsConnection c = (WsConnection) k.attachment();
        try {
            if (!k.isValid()) {
                return;
            }
            int ops = k.readyOps();
            if ((ops & SelectionKey.OP_CONNECT) != 0) {
                c.onConnectable();
            }
            if ((ops & SelectionKey.OP_WRITE) != 0 && k.isValid()) {
                c.onWritable();
            }
            if ((ops & SelectionKey.OP_READ) != 0 && k.isValid()) {
                c.onReadable(shared);
            }
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            c.finish(1006, "listener failed: " + e);
        }
    }

    private void runTasks() {
        Runnable r;
        while ((r = tasks.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                System.err.println("bench: task failed on " + thread.getName() + ": " + e);
            }
        }
    }

    private void tick(long now) {
        // safe without a copy: only this thread registers, and cancelled keys leave at the next select
        for (SelectionKey k : selector.keys()) {
            if (k.attachment() instanceof WsConnection c) {
                c.tick(now);
            }
        }
    }
}
