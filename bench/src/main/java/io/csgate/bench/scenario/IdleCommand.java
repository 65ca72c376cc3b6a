package io.csgate.bench.scenario;

import io.csgate.bench.cli.FleetOptions;
import io.csgate.bench.cli.RunContext;
import io.csgate.bench.cli.ScenarioCommand;
import io.csgate.bench.cluster.Fleet;
import io.csgate.bench.cluster.FleetSpec;
import io.csgate.bench.http.ChannelstreamApi;
import io.csgate.bench.probe.GatewayProbe;
import io.csgate.bench.probe.GatewaySample;
import io.csgate.bench.report.Report;
import io.csgate.bench.run.DurationConverter;
import io.csgate.bench.run.Limits;
import io.csgate.bench.subscriber.GroupSnapshot;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * N idle websockets. Measures the gateway before (no bench sockets) and after opening them: heap
 * (after a forced GC when {@code --gateway-pid} is given), RSS, and CPU over a hold period, each
 * per connection; and the bench client's own heap per socket.
 */
@Command(name = "idle", mixinStandardHelpOptions = true, sortOptions = false,
        description = "N idle websockets: the gateway's heap and RSS per connection and its idle CPU.")
public final class IdleCommand extends ScenarioCommand {

    @Option(names = "--connections", defaultValue = "1000", description = "Idle websockets (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--channels", defaultValue = "100", description = "Channels joined round-robin"
            + " (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--settle", defaultValue = "5s", converter = DurationConverter.class,
            description = "Wait after opening before measuring (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--hold", defaultValue = "30s", converter = DurationConverter.class,
            description = "CPU measuring window with the sockets open, and without them before (default: ${DEFAULT-VALUE}).")
    Duration hold;

    @Option(names = "--gateway-pid", description = "The gateway's pid: enables jcmd GC.run before heap readings,"
            + " /proc RSS and CPU time.")
    Long gatewayPid;

    @Option(names = "--metrics-path", defaultValue = "/metrics", description = "Prometheus endpoint (default: ${DEFAULT-VALUE}).")
    String metricsPath;

    @Mixin
    FleetOptions fleet;

    @Override
    protected void validate() {
        fleet.spec("x", connections, Math.min(channels, connections), true);
        Limits.check("--settle", settle, Duration.ZERO, Duration.ofMinutes(5));
        Limits.check("--hold", hold, Duration.ofSeconds(1), Limits.MAX_DURATION);
        if (gatewayPid != null && !ProcessHandle.of(gatewayPid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalArgumentException("--gateway-pid " + gatewayPid + " is not a running process");
        }
    }

    @Override
    protected Duration expectedLength() {
        return fleet.openAllowance(connections).plus(settle).plus(hold.multipliedBy(2)).plusSeconds(20);
    }

    @Override
    protected Report run(RunContext ctx) throws InterruptedException {
        int ch = Math.min(channels, connections);
        FleetSpec spec = fleet.spec(ctx.runId(), connections, ch, true);
        Report report = new Report("idle")
                .param("url", ctx.target().base().toString()).param("connections", connections).param("channels", ch)
                .param("client_heartbeat_s", spec.ws().heartbeat().toMillis() / 1000.0)
                .param("hold_s", hold.toMillis() / 1000.0)
                .param("gateway_pid", gatewayPid == null ? "none (heap without forced GC, no RSS)" : gatewayPid)
                .param("processes", Math.max(1, spec.workerCount())).param("run_id", ctx.runId());
        try (ChannelstreamApi api = new ChannelstreamApi(ctx.target(), ctx.secret(), 1, Duration.ofSeconds(30),
                ctx.deadline())) {
            GatewayProbe probe = new GatewayProbe(api, metricsPath,
                    gatewayPid == null ? OptionalLong.empty() : OptionalLong.of(gatewayPid));
            ctx.progress("measuring the gateway without bench sockets for " + Limits.human(hold));
            // CPU first: the hold also lets a previous run's connections be reaped before the heap
            // baseline, which is taken (after a forced GC) just before opening
            GatewaySample idleStart = probe.sample(false);
            GatewaySample idleEnd = hold(probe, ctx);
            GatewaySample before = probe.sample(true);
            ctx.progress("opening " + connections + " idle websockets");
            try (Fleet f = Fleet.start(spec, ctx.target(), ctx.secret(), ctx.deadline(), ctx.watchdog())) {
                f.awaitOpen();
                GroupSnapshot opened = f.snapshot(false);
                Connects.report(report, opened);
                TimeUnit.MILLISECONDS.sleep(ctx.deadline().cap(settle).toMillis());
                GatewaySample after = probe.sample(true);
                GroupSnapshot client = f.snapshot(true);
                ctx.progress(client.openNow() + " open; measuring idle CPU for " + Limits.human(hold));
                GatewaySample start = probe.sample(false);
                GroupSnapshot atStart = f.snapshot(false);
                GatewaySample end = hold(probe, ctx);
                GroupSnapshot atEnd = f.snapshot(false);
                int n = Math.max(1, client.openNow());
                report.value("open", "sockets open when measured", client.openNow(), "")
                        .value("gateway_sessions", "gateway's csgate_sessions", after.sessions(), "")
                        .value("heap_before_mb", "gateway heap before", before.heapBytes() / 1e6, "MB")
                        .value("heap_after_mb", "gateway heap with sockets", after.heapBytes() / 1e6, "MB")
                        .value("heap_per_conn_bytes", "gateway heap per connection", probe.hasPid()
                                ? (after.heapBytes() - before.heapBytes()) / n : Double.NaN, "bytes")
                        .value("rss_before_mb", "gateway RSS before", before.rssBytes() / 1e6, "MB")
                        .value("rss_after_mb", "gateway RSS with sockets", after.rssBytes() / 1e6, "MB")
                        .value("rss_per_conn_bytes", "gateway RSS per connection",
                                (after.rssBytes() - before.rssBytes()) / n, "bytes")
                        .value("cpu_idle_baseline_pct", "gateway CPU without sockets", cpuPct(idleStart, idleEnd),
                                "% of one core")
                        .value("cpu_idle_pct", "gateway CPU with idle sockets", cpuPct(start, end), "% of one core")
                        .value("cpu_usage_gauge_pct", "gateway process_cpu_usage gauge", 100 * end.cpuUsage(),
                                "% of all cores")
                        .value("heartbeats_per_s", "server heartbeats received",
                                (atEnd.heartbeats() - atStart.heartbeats()) * 1e9 / Math.max(1, end.nanos() - start.nanos()),
                                "/s")
                        .value("client_heap_per_socket_bytes", "bench client heap per socket", client.heapPerSocket(),
                                "bytes")
                        .value("closed_by_server", "sockets closed by the server", atEnd.closedByServer(), "");
                if (atEnd.lastClose() != null) {
                    report.note(atEnd.lastClose());
                }
                if (!probe.hasPid()) {
                    report.note("no --gateway-pid: no forced GC, so no heap per connection (garbage swamps it), no RSS");
                }
            }
        }
        return report;
    }

    private GatewaySample hold(GatewayProbe probe, RunContext ctx) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(ctx.deadline().cap(hold).toMillis());
        return probe.sample(false);
    }

    private static double cpuPct(GatewaySample a, GatewaySample b) {
        return 100.0 * (b.cpuSeconds() - a.cpuSeconds()) / Math.max(1e-9, (b.nanos() - a.nanos()) / 1e9);
    }
}
