package io.csgate.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.bench.BenchRun;
import io.csgate.bench.FakeChannelstream;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Runs end within their deadline, with a clear error, whatever the server does. */
class BoundedRunTest {

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aClosedPortFailsFastWithAClearMessage() throws Exception {
        String url = "http://127.0.0.1:" + closedPort();
        for (String scenario : new String[] {"fanout", "connect", "idle"}) {
            BenchRun r = BenchRun.of(scenario, "--url", url, "--deadline", "10s");
            assertThat(r.exitCode()).as(scenario).isEqualTo(1);
            assertThat(r.err()).as(scenario).contains("cannot reach " + url).contains("Connection refused");
            assertThat(r.millis()).as(scenario).isLessThan(10_000);
        }
        BenchRun ingest = BenchRun.of("ingest", "--url", url, "--deadline", "10s");
        assertThat(ingest.exitCode()).isEqualTo(1);
        assertThat(ingest.err()).contains("cannot reach");
    }

    @Test
    void aServerThatNeverAnswersIsCutOffAtTheDeadline() throws Exception {
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            BenchRun r = BenchRun.of("fanout", "--url", "http://127.0.0.1:" + blackHole.getLocalPort(),
                    "--subscribers", "5", "--deadline", "2s");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("deadline");
            assertThat(r.millis()).isBetween(1_500L, 8_000L);
        }
    }

    @Test
    void aWrongSecretIsReportedWithTheServersAnswer() throws Exception {
        try (FakeChannelstream server = new FakeChannelstream("right")) {
            BenchRun r = BenchRun.of("connect", "--url", server.url(), "--secret", "wrong", "--connections", "20",
                    "--deadline", "20s");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("POST /connect answered 401").contains("Bad Signature");
        }
    }

    @Test
    void aMeasuredRunStopsAtItsDurationAndMessageCap() throws Exception {
        try (FakeChannelstream server = new FakeChannelstream("secret")) {
            BenchRun r = BenchRun.of("fanout", "--url", server.url(), "--subscribers", "2", "--rate", "1000",
                    "--max-messages", "25", "--duration", "5s", "--warmup", "0s", "--drain", "1s", "--deadline", "30s");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.result("published").longValue()).isEqualTo(25);
            assertThat(r.millis()).isLessThan(20_000);
        }
    }
}
