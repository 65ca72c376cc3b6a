package io.csgate.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.bench.BenchRun;
import io.csgate.bench.FakeChannelstream;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every scenario end to end against {@link FakeChannelstream}: a table, one JSON line, exit 0. */
class ScenariosTest {

    private FakeChannelstream server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeChannelstream("s3cret");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void fanoutCountsEveryDeliveryAndMeasuresLatency() {
        BenchRun r = BenchRun.of("fanout", "--url", server.url(), "--secret", "s3cret", "--subscribers", "20",
                "--channels", "3", "--rate", "100", "--duration", "1s", "--warmup", "200ms", "--deadline", "60s");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("== fanout", "end-to-end latency", "deliveries/s");
        JsonNode json = r.json();
        assertThat(json.get("bench").textValue()).isEqualTo("fanout");
        long published = r.result("published").longValue();
        assertThat(published).isBetween(100L, 130L);
        // 20 subscribers over 3 channels: 7, 7, 6; messages round-robin over the channels
        assertThat(r.result("expected").longValue()).isBetween(published * 6, published * 7);
        assertThat(r.result("received").longValue()).isEqualTo(r.result("expected").longValue());
        assertThat(r.result("loss_pct").doubleValue()).isZero();
        assertThat(r.result("latency").get("count").longValue()).isPositive().isLessThan(r.result("received").longValue());
        assertThat(r.result("heartbeats").longValue()).isEqualTo(20);
        assertThat(r.result("opened").intValue()).isEqualTo(20);
        assertThat(server.clientCloses.get()).isEqualTo(20);
    }

    @Test
    void fanoutOverWorkerProcessesMergesTheirCounts() {
        BenchRun r = BenchRun.of("fanout", "--url", server.url(), "--secret", "s3cret", "--subscribers", "10",
                "--channels", "2", "--rate", "40", "--duration", "1s", "--warmup", "0s", "--processes", "2",
                "--worker-heap", "96m", "--deadline", "90s");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode params = r.json().get("params");
        assertThat(params.get("processes").intValue()).isEqualTo(2);
        assertThat(r.result("opened").intValue()).isEqualTo(10);
        assertThat(r.result("expected").longValue()).isEqualTo(r.result("published").longValue() * 5);
        assertThat(r.result("received").longValue()).isEqualTo(r.result("expected").longValue());
        assertThat(r.result("latency").get("count").longValue()).isEqualTo(r.result("received").longValue());
        assertThat(r.result("heartbeats").longValue()).isEqualTo(10);
    }

    @Test
    void fanoutHoldsHalfOpenConnectionsFromWorkerProcessesWhileItMeasures() {
        BenchRun r = BenchRun.of("fanout", "--url", server.url(), "--secret", "s3cret", "--subscribers", "5",
                "--rate", "20", "--duration", "1s", "--warmup", "0s", "--half-open", "30",
                "--half-open-per-process", "15", "--deadline", "90s");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("params").get("half_open_processes").intValue()).isEqualTo(2);
        assertThat(r.result("half_open_open_start").intValue()).isEqualTo(30);
        assertThat(r.result("half_open_refused_start").intValue()).isZero();
        assertThat(r.result("half_open_open_end").intValue()).isEqualTo(30);
        assertThat(r.result("received").longValue()).isEqualTo(r.result("expected").longValue());
        assertThat(r.out()).contains("half-open connections open when publishing starts");
    }

    @Test
    void connectReportsRateAndPercentiles() {
        BenchRun r = BenchRun.of("connect", "--url", server.url(), "--secret", "s3cret", "--connections", "30",
                "--connect-concurrency", "4", "--deadline", "60s");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.result("opened").intValue()).isEqualTo(30);
        assertThat(r.result("connect_rate").doubleValue()).isPositive();
        assertThat(r.result("connect_latency").get("count").longValue()).isEqualTo(30);
        assertThat(r.result("open_at_end").intValue()).isEqualTo(30);
    }

    @Test
    void connectWarmUpRoundsConnectAndCloseBeforeTheMeasuredRound() {
        BenchRun r = BenchRun.of("connect", "--url", server.url(), "--secret", "s3cret", "--connections", "20",
                "--connect-concurrency", "4", "--warmup-rounds", "2", "--deadline", "90s");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("params").get("warmup_rounds").intValue()).isEqualTo(2);
        assertThat(server.wsOpened.get()).isEqualTo(60);
        assertThat(server.clientCloses.get()).isGreaterThanOrEqualTo(40);
        assertThat(r.result("opened").intValue()).isEqualTo(20);
        assertThat(r.result("connect_latency").get("count").longValue()).isEqualTo(20);
        assertThat(r.result("open_at_end").intValue()).isEqualTo(20);
        assertThat(r.json().get("notes").toString()).doesNotContain("warm-up round");
    }

    @Test
    void idleReadsTheGatewayMetricsAndTheClientsOwnHeap() {
        BenchRun r = BenchRun.of("idle", "--url", server.url(), "--secret", "s3cret", "--connections", "50",
                "--channels", "5", "--settle", "0s", "--hold", "1s", "--client-heartbeat", "300ms", "--deadline", "60s");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.result("open").intValue()).isEqualTo(50);
        assertThat(r.result("heap_after_mb").doubleValue()).isEqualTo(0.001);
        assertThat(r.result("gateway_sessions").doubleValue()).isEqualTo(50);
        // reported; with 50 sockets its value is within GC noise (it was seen at -10,887), so not its sign
        assertThat(r.result("client_heap_per_socket_bytes").isNumber()).isTrue();
        assertThat(r.result("client_heap_per_socket_bytes").doubleValue()).isFinite();
        assertThat(r.json().get("notes").toString()).contains("no --gateway-pid");
        assertThat(server.heartbeatsReceived.get()).isPositive();
    }

    @Test
    void ingestMeasuresEachBatchSizeAndTheCli() {
        BenchRun r = BenchRun.of("ingest", "--url", server.url(), "--secret", "s3cret", "--batches", "1,10",
                "--duration", "500ms", "--warmup", "100ms", "--concurrency", "2",
                "--cli-command", "test $(wc -l < {file}) -eq {count} && test \"$CHANNELSTREAM_SECRET\" = s3cret",
                "--cli-messages", "500", "--deadline", "60s");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.result("b1_msgs_per_s").doubleValue()).isPositive();
        assertThat(r.result("b10_msgs_per_s").doubleValue()).isPositive();
        assertThat(r.result("b1_errors").longValue()).isZero();
        assertThat(r.result("cli_messages").longValue()).isEqualTo(500);
    }

    @Test
    void burstCountsEveryEventOfMultiEventFramesInOrderAndReportsTheDrain() {
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cli = javaBin + " -Xmx64m -cp " + System.getProperty("java.class.path") + " io.csgate.bench.FakeCli {file} {url}";
        BenchRun r = BenchRun.of("burst", "--url", server.url(), "--secret", "s3cret", "--subscribers", "12",
                "--channels", "3", "--messages", "3000", "--pad-bytes", "50", "--cli-command", cli,
                "--stalled", "1", "--drain", "30s", "--deadline", "90s");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("== burst", "time to drain", "in-order deliveries/s");
        assertThat(r.json().get("params").get("via").textValue()).isEqualTo("cli");
        // 3,000 messages round-robin over 3 channels with 4 readers each; 100 per request, in one
        // frame per channel: every event of those frames counts
        assertThat(r.result("expected").longValue()).isEqualTo(12_000);
        assertThat(r.result("received").longValue()).isEqualTo(12_000);
        assertThat(r.result("missing").longValue()).isZero();
        assertThat(r.result("out_of_order").longValue()).isZero();
        assertThat(r.result("sent").longValue()).isEqualTo(3_000);
        assertThat(r.result("drain_seconds").doubleValue()).isPositive();
        assertThat(r.result("deliveries_per_s").doubleValue()).isPositive();
        assertThat(r.result("closed_by_server").longValue()).isZero();
        assertThat(r.result("gateway_heap_peak_mb").doubleValue()).isPositive();
        assertThat(r.result("stalled_closed").longValue()).as("the fake never closes anyone").isZero();
    }

    @Test
    void resumeReceivesEveryMissedMessageOnceInOrderThenLive() {
        BenchRun r = BenchRun.of("resume", "--url", server.url(), "--secret", "s3cret", "--messages", "2000",
                "--batch", "50", "--drain", "30s", "--deadline", "90s");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("== resume", "all catch-up events delivered after");
        assertThat(r.json().get("params").get("via").textValue()).isEqualTo("rest");
        assertThat(r.result("resumed").booleanValue()).isTrue();
        assertThat(r.result("catchup").longValue()).isEqualTo(2000);
        assertThat(r.result("missing").longValue()).isZero();
        assertThat(r.result("duplicates").longValue()).isZero();
        assertThat(r.result("out_of_order").longValue()).isZero();
        assertThat(r.result("extra").longValue()).isZero();
        assertThat(r.result("missed_as_live").longValue()).isZero();
        assertThat(r.result("without_position").longValue()).isZero();
        assertThat(r.result("live_after").booleanValue()).isTrue();
        assertThat(r.result("first_catchup_ms").doubleValue()).isPositive();
        assertThat(r.result("resume_seconds").doubleValue()).isPositive();
    }

    @Test
    void burstNeedsExactlyOneWayToSend() {
        BenchRun none = BenchRun.of("burst", "--url", server.url(), "--secret", "s3cret", "--messages", "10");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("give one of --cli-command and --bootstrap-servers");
    }

    @Test
    void startupTimesReadinessAndStopsTheGatewayItStarted() {
        BenchRun r = BenchRun.of("startup", "--url", server.url(), "--secret", "s3cret", "--events", "50",
                "--gateway-command", "echo started; exec sleep 120", "--ready-url", server.url() + "/readyz",
                "--runs", "2", "--deadline", "60s");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.result("filled_events").longValue()).isEqualTo(50);
        assertThat(r.result("ready_ms_max").doubleValue()).isLessThan(30_000);
        Optional<ProcessHandle> leftover = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("sleep 120")).findAny();
        assertThat(leftover).isEmpty();
    }

    @Test
    void usersMakesDistinctUsersWithoutSocketsAndReadsTheirCount() {
        BenchRun r = BenchRun.of("users", "--url", server.url(), "--secret", "s3cret", "--users", "300",
                "--rate", "0", "--concurrency", "4", "--samples", "3", "--settle", "0s", "--state-keys", "2",
                "--deadline", "60s");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("== users", "heap / RSS at");
        assertThat(r.result("made").longValue()).isEqualTo(300);
        assertThat(r.result("failed").longValue()).isZero();
        assertThat(r.result("gateway_users").doubleValue()).isEqualTo(300);
        assertThat(r.result("connect_latency").get("count").longValue()).isEqualTo(300);
        assertThat(server.users).hasSize(300);
        assertThat(server.wsOpened.get()).isZero();
        assertThat(r.err()).contains("300 users made");
    }

    @Test
    void usersRefusesARunLongerThanTheCap() {
        BenchRun r = BenchRun.of("users", "--url", server.url(), "--users", "10000000", "--rate", "10");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("raise --rate");
    }
}
