package io.csgate.bench.flood;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code count} connections to the target, each sending
 * {@code GET /ws?conn_id=<uuid> HTTP/1.1}, {@code Host}, {@code Upgrade: websocket} and then
 * nothing. With {@code reopenPerSecond} above 0, after {@link #startReopening()}, a connection the
 * server closes is opened again, at most that many a second, as a persistent attacker would. Owns one thread, {@code bench-flood},
 * which connects, watches every socket and counts; {@link #stats()} is thread-safe.
 */
public final class HalfOpenFlood implements AutoCloseable {

    /** A close this soon after connecting is a refusal at accept (the gateway's timeouts are far longer). */
    static final long EARLY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Connects per pass between two selects, so closes are seen (and timed) as they happen. */
    private static final int CONNECTS_PER_PASS = 200;

    private final InetSocketAddress target;
    private final InetSocketAddress source;
    private final String host;
    private final int count;
    private final int reopenPerSecond;
    private final Selector selector;
    private final CountDownLatch firstPass = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean reopening;
    private volatile FloodStats stats = FloodStats.NONE;

    /**
     * @param source local address to connect from (a loopback address of its own per process keeps
     *     ephemeral ports apart), or null for any
     */
    public HalfOpenFlood(InetSocketAddress target, InetSocketAddress source, String host, int count,
                         int reopenPerSecond) throws IOException {
        this.target = target;
        this.source = source;
        this.host = host;
        this.count = count;
        this.reopenPerSecond = reopenPerSecond;
        this.selector = Selector.open();
        this.thread = new Thread(this::run, "bench-flood");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Waits until every connection has been tried once; false when {@code timeoutMillis} passed first. */
    public boolean awaitFirstPass(long timeoutMillis) throws InterruptedException {
        return firstPass.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** From now on, connections the server closes are opened again (at {@code reopenPerSecond}). */
    public void startReopening() {
        reopening = true;
    }

    public FloodStats stats() {
        return stats;
    }

    private void run() {
        long attempted = 0;
        long refused = 0;
        long timedOut = 0;
        long failed = 0;
        int open = 0;
        double credit = 0;
        long last = System.nanoTime();
        ByteBuffer sink = ByteBuffer.allocate(4096);
        try {
            while (!stopping) {
                long now = System.nanoTime();
                boolean first = attempted < count;
                if (!first && reopening && reopenPerSecond > 0) {
                    credit = Math.min(reopenPerSecond, credit + reopenPerSecond * (now - last) / 1e9);
                }
                last = now;
                for (int i = 0; i < CONNECTS_PER_PASS && open < count && (first ? attempted < count : credit >= 1); i++) {
                    if (!first) {
                        credit -= 1;
                    }
                    attempted++;
                    switch (connectOne()) {
                        case OPEN -> open++;
                        case REFUSED -> refused++;
                        default -> failed++;
                    }
                    first = attempted < count;
                }
                if (attempted >= count) {
                    firstPass.countDown();
                }
                selector.select(attempted < count ? 1 : 50);
                for (SelectionKey key : selector.selectedKeys()) {
                    int r;
                    try {
                        sink.clear();
                        r = ((SocketChannel) key.channel()).read(sink);
                    } catch (IOException reset) {
                        r = -1;
                    }
                    if (r < 0) {
                        open--;
                        if (System.nanoTime() - (long) key.attachment() < EARLY_NANOS) {
                            refused++;
                        } else {
                            timedOut++;
                        }
                        key.cancel();
                        closeQuietly((SocketChannel) key.channel());
                    }
                }
                selector.selectedKeys().clear();
                stats = new FloodStats(attempted, open, refused, timedOut, failed);
            }
        } catch (IOException | ClosedSelectorException e) {
            // closing
        } finally {
            firstPass.countDown();
            for (SelectionKey key : selector.keys()) {
                closeQuietly((SocketChannel) key.channel());
            }
        }
    }

    private enum Outcome { OPEN, REFUSED, FAILED }

    private Outcome connectOne() {
        SocketChannel ch;
        try {
            ch = SocketChannel.open();
            ch.setOption(StandardSocketOptions.SO_LINGER, 0); // our closes leave no TIME_WAIT behind
            if (source != null) {
                ch.bind(source);
            }
            ch.connect(target);
        } catch (IOException e) {
            return Outcome.FAILED;
        }
        try {
            ch.write(ByteBuffer.wrap(("GET /ws?conn_id=" + UUID.randomUUID() + " HTTP/1.1\r\nHost: " + host
                    + "\r\nUpgrade: websocket\r\n").getBytes(StandardCharsets.US_ASCII)));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, System.nanoTime());
            return Outcome.OPEN;
        } catch (IOException closedAtOnce) {
            closeQuietly(ch);
            return Outcome.REFUSED;
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        stopping = true;
        selector.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
