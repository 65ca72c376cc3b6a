package io.csgate.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.bench.BenchRun;
import io.csgate.bench.FakeChannelstream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The storm end to end: the victim is a {@link FakeChannelstream} in a child process that the bench
 * kills; its clients come back on two in-process fakes and receive again.
 */
class StormScenarioTest {

    private Process victim;
    private String victimUrl;
    private FakeChannelstream a;
    private FakeChannelstream b;

    @BeforeEach
    void start() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        victim = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                FakeChannelstream.class.getName(), "s3cret").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8));
        victimUrl = out.readLine();
        assertThat(victimUrl).startsWith("http://127.0.0.1:");
        a = new FakeChannelstream("s3cret");
        b = new FakeChannelstream("s3cret");
    }

    @AfterEach
    void stop() throws Exception {
        victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        a.close();
        b.close();
    }

    @Test
    void theVictimsClientsReconnectOnTheSurvivorsAndReceiveAgain() {
        BenchRun r = BenchRun.of("storm", "--url", victimUrl, "--secret", "s3cret", "--victim-pid",
                Long.toString(victim.pid()), "--survivors", a.url() + "," + b.url(), "--victim-sockets", "30",
                "--survivor-sockets", "8", "--channels", "4", "--reconnect-concurrency", "4",
                "--publish-every", "50ms", "--probe-every", "50ms", "--before", "500ms", "--hold", "500ms",
                "--reconnect-spread", "300ms", "--presence", "--limit", "30s", "--deadline", "90s");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(victim.isAlive()).isFalse();
        assertThat(r.out()).contains("== storm", "time until all of them receive again");
        // the fakes share no broker: before the kill only the survivors' own clients get their messages
        assertThat(r.result("clients_receiving_before_kill").longValue()).isEqualTo(8);
        assertThat(r.result("victim_clients").longValue()).isEqualTo(30);
        assertThat(r.result("receiving_again").longValue()).isEqualTo(30);
        assertThat(r.result("all_receiving_again_ms").doubleValue()).isPositive().isLessThan(30_000);
        assertThat(r.result("open_again").get("count").longValue()).isEqualTo(30);
        assertThat(r.result("survivor_sockets_closed").longValue()).isZero();
        assertThat(r.result("survivor_clients_receiving").longValue()).isEqualTo(8);
        assertThat(r.result("probe1_failures").longValue()).isZero();
        assertThat(r.result("probe1_during").get("count").longValue()).isPositive();
        assertThat(r.result("publish_failures").longValue()).isZero();
        // 15 clients per survivor: 30 victims round-robin over two, plus 4 of their own each
        assertThat(a.wsOpened.get() + b.wsOpened.get()).isEqualTo(38);
    }

    @Test
    void aSurvivorThatClosesItsSocketsIsReported() throws Exception {
        // the "survivor" b dies with the victim: its clients' sockets close, which the storm must report
        BenchRun r;
        Thread closer = new Thread(() -> {
            try {
                victim.waitFor();
                b.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        closer.start();
        r = BenchRun.of("storm", "--url", victimUrl, "--secret", "s3cret", "--victim-pid",
                Long.toString(victim.pid()), "--survivors", a.url() + "," + b.url(), "--victim-sockets", "6",
                "--survivor-sockets", "4", "--channels", "2", "--publish-every", "50ms", "--before", "300ms",
                "--hold", "0s", "--limit", "3s", "--deadline", "60s");
        closer.join(10_000);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.result("survivor_sockets_closed").longValue()).isEqualTo(2);
        assertThat(r.result("receiving_again").longValue()).isEqualTo(3);
        assertThat(r.json().get("notes").toString()).contains("first survivor socket closed",
                "3 clients of the killed gateway did not receive again in time");
    }

    @Test
    void optionsThatCannotMakeAStormAreRefused() {
        String pid = Long.toString(victim.pid());
        BenchRun elsewhere = BenchRun.of("storm", "--url", victimUrl, "--victim-pid", pid, "--survivors", a.url(),
                "--socket-elsewhere");
        assertThat(elsewhere.exitCode()).isEqualTo(2);
        assertThat(elsewhere.err()).contains("--socket-elsewhere needs at least two --survivors");
        BenchRun self = BenchRun.of("storm", "--url", victimUrl, "--victim-pid", pid, "--survivors",
                a.url() + "," + victimUrl);
        assertThat(self.exitCode()).isEqualTo(2);
        assertThat(self.err()).contains("must not list the victim");
        BenchRun tooMany = BenchRun.of("storm", "--url", victimUrl, "--victim-pid", pid, "--survivors", a.url(),
                "--victim-sockets", "15000", "--survivor-sockets", "1");
        assertThat(tooMany.exitCode()).isEqualTo(2);
        assertThat(victim.isAlive()).as("nothing is killed by a refused run").isTrue();
    }
}
