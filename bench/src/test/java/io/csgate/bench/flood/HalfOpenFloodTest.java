package io.csgate.bench.flood;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The flood against a real server socket that keeps the first connections (reading what they send)
 * and closes every later one at accept, as a gateway at max_connections does.
 */
class HalfOpenFloodTest {

    @Test
    void heldConnectionsSendHalfAnUpgradeAndRefusalsAreCounted() throws Exception {
        int keep = 20;
        List<Socket> held = new CopyOnWriteArrayList<>();
        List<String> firstBytes = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = server.accept();
                        if (held.size() < keep) {
                            held.add(s);
                            s.setSoTimeout(5_000);
                            InputStream in = s.getInputStream();
                            byte[] b = new byte[200];
                            int n = in.read(b);
                            firstBytes.add(new String(b, 0, Math.max(0, n), StandardCharsets.US_ASCII));
                        } else {
                            s.close();
                        }
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
            try (HalfOpenFlood flood = new HalfOpenFlood(target, null, "127.0.0.1:" + server.getLocalPort(), keep + 10,
                    0)) {
                assertThat(flood.awaitFirstPass(TimeUnit.SECONDS.toMillis(30))).isTrue();
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> flood.stats().refused() >= 10);
                FloodStats s = flood.stats();
                assertThat(s.attempted()).isEqualTo(keep + 10);
                assertThat(s.refused()).isEqualTo(10);
                assertThat(s.open()).isEqualTo(keep);
                assertThat(s.failed()).isZero();
                assertThat(firstBytes).hasSize(keep).allSatisfy(b -> assertThat(b)
                        .matches("GET /ws\\?conn_id=[0-9a-f-]{36} HTTP/1\\.1\r\nHost: 127\\.0\\.0\\.1:\\d+\r\n"
                                + "Upgrade: websocket\r\n"));
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    @Test
    void statsAddUpAcrossProcesses() {
        FloodStats a = new FloodStats(10, 5, 3, 1, 1);
        FloodStats b = FloodStats.fromJson(io.csgate.common.json.Json.tree(new FloodStats(4, 1, 1, 1, 1).toJson()));
        assertThat(a.plus(b)).isEqualTo(new FloodStats(14, 6, 4, 2, 2));
    }
}
