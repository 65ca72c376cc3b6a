package io.csgate.gateway.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A child process for the connection-flood test (one process holds at most ~19,900 sockets): opens
 * {@code count} connections to {@code host:port} from {@code sourceAddress}, sends each the first
 * lines of a websocket upgrade and nothing more, and watches them. A connection the server closes
 * within {@link #EARLY_MILLIS} of being opened counts as refused, a later close as timed out.
 * Prints {@code OPENED <n>} once every connection is open, then a status line
 * {@code STATUS opened=.. open=.. refused=.. timed_out=.. failed=..} every 500 ms. Exits when stdin
 * ends. JDK only, so the test starts it with just the test classes on the class path.
 *
 * <p>Usage: {@code HalfOpenClients <host> <port> <count> <source address>}
 */
public final class HalfOpenClients {

    static final long EARLY_MILLIS = 5_000;

    private HalfOpenClients() {}

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        InetSocketAddress source = new InetSocketAddress(args[3], 0);
        Thread stdin = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                while (r.readLine() != null) {
                    // nothing to read; end of input ends the process
                }
            } catch (IOException ignored) {
                // the parent is gone
            }
            System.exit(0);
        }, "stdin");
        stdin.setDaemon(true);
        stdin.start();

        Selector selector = Selector.open();
        InetSocketAddress target = new InetSocketAddress(host, port);
        int opened = 0;
        int failed = 0;
        int refused = 0;
        int timedOut = 0;
        ByteBuffer sink = ByteBuffer.allocate(4096);
        long nextStatus = 0;
        boolean announced = false;
        while (true) {
            // connect in slices between selects, so closes are seen (and timed) as they happen
            for (int i = 0; i < 200 && opened + failed < count; i++) {
                SocketChannel ch;
                try {
                    ch = SocketChannel.open();
                    ch.setOption(StandardSocketOptions.SO_LINGER, 0); // no TIME_WAIT pile-up on our side
                    ch.bind(source);
                    ch.connect(target);
                } catch (IOException e) {
                    failed++;
                    continue;
                }
                opened++;
                try {
                    ch.write(ByteBuffer.wrap(("GET /ws?conn_id=" + UUID.randomUUID() + " HTTP/1.1\r\nHost: " + host
                            + "\r\nUpgrade: websocket\r\n").getBytes(StandardCharsets.US_ASCII)));
                    ch.configureBlocking(false);
                    ch.register(selector, SelectionKey.OP_READ, System.nanoTime());
                } catch (IOException closedAtOnce) {
                    refused++;
                    ch.close();
                }
            }
            if (!announced && opened + failed >= count) {
                announced = true;
                System.out.println("OPENED " + opened);
                System.out.flush();
            }
            selector.select(opened + failed < count ? 1 : 100);
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel ch = (SocketChannel) key.channel();
                int r;
                try {
                    sink.clear();
                    r = ch.read(sink);
                } catch (IOException reset) {
                    r = -1;
                }
                if (r < 0) {
                    long age = (System.nanoTime() - (long) key.attachment()) / 1_000_000;
                    if (age < EARLY_MILLIS) {
                        refused++;
                    } else {
                        timedOut++;
                    }
                    key.cancel();
                    ch.close();
                }
            }
            selector.selectedKeys().clear();
            long now = System.nanoTime();
            if (now >= nextStatus) {
                nextStatus = now + 500_000_000L;
                System.out.println("STATUS opened=" + opened + " open=" + (opened - refused - timedOut) + " refused="
                        + refused + " timed_out=" + timedOut + " failed=" + failed);
                System.out.flush();
            }
        }
    }
}
