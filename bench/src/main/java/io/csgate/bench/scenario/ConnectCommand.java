package io.csgate.bench.scenario;

import io.csgate.bench.cli.FleetOptions;
import io.csgate.bench.cli.RunContext;
import io.csgate.bench.cli.ScenarioCommand;
import io.csgate.bench.cluster.Fleet;
import io.csgate.bench.cluster.FleetSpec;
import io.csgate.bench.http.ChannelstreamApi;
import io.csgate.bench.probe.GatewayProbe;
import io.csgate.bench.report.Report;
import io.csgate.bench.run.Limits;
import io.csgate.bench.subscriber.GroupSnapshot;
import java.time.Duration;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * N times {@code POST /connect} then a websocket on its {@code conn_id}, {@code --connect-concurrency}
 * at a time per process; sockets stay open until all are done, then close. Reports the rate (opened
 * over the time from the first connect to the last open) and latency percentiles.
 *
 * <p>{@code --warmup-rounds} first connects and closes the same number of subscribers that many
 * times, unmeasured, waiting after each round until the gateway's {@code csgate_sessions} is back
 * where it was: a JVM's just-in-time compiler works for minutes under this load (on the gateway and
 * on this process), so a measured round on a fresh gateway measures the compiler as much as the
 * server.
 */
@Command(name = "connect", mixinStandardHelpOptions = true, sortOptions = false,
        description = "N x (POST /connect + websocket open): rate and latency percentiles.")
public final class ConnectCommand extends ScenarioCommand {

    @Option(names = "--connections", defaultValue = "2000", description = "Connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--channels", defaultValue = "100", description = "Channels joined round-robin. Each"
            + " /connect answers with the user list of its channels (protocol 5.4), so few channels make"
            + " connecting N users O(N^2) (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--warmup-rounds", defaultValue = "0", description = "Unmeasured rounds of the same"
            + " connects (then closes) before the measured one, each followed by a wait for the gateway's"
            + " sessions to drop back (default: ${DEFAULT-VALUE}).")
    int warmupRounds;

    @Option(names = "--metrics-path", defaultValue = "/metrics", description = "Prometheus endpoint read"
            + " between warm-up rounds (default: ${DEFAULT-VALUE}).")
    String metricsPath;

    @Mixin
    FleetOptions fleet;

    /** Longest wait for the gateway's sessions to drop back after a warm-up round. */
    static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);

    @Override
    protected void validate() {
        fleet.spec("x", connections, Math.min(channels, connections), false);
        Limits.check("--warmup-rounds", warmupRounds, 0, 10);
    }

    @Override
    protected Duration expectedLength() {
        Duration round = fleet.openAllowance(connections).plusSeconds(20);
        return round.plus(round.plus(SETTLE_LIMIT).multipliedBy(warmupRounds));
    }

    @Override
    protected Report run(RunContext ctx) throws InterruptedException {
        int ch = Math.min(channels, connections);
        FleetSpec spec = fleet.spec(ctx.runId(), connections, ch, false);
        Report report = new Report("connect")
                .param("url", ctx.target().base().toString()).param("connections", connections)
                .param("channels", ch).param("concurrency_per_process", spec.concurrency())
                .param("processes", Math.max(1, spec.workerCount())).param("warmup_rounds", warmupRounds)
                .param("run_id", ctx.runId());
        for (int round = 1; round <= warmupRounds; round++) {
            warmUp(ctx, fleet.spec(ctx.runId() + "w" + round, connections, ch, false), round, report);
        }
        ctx.progress("connecting " + connections + " subscribers, " + spec.concurrency() + " at a time"
                + (spec.workerCount() > 0 ? " in each of " + spec.workerCount() + " worker processes" : ""));
        try (Fleet f = Fleet.start(spec, ctx.target(), ctx.secret(), ctx.deadline(), ctx.watchdog())) {
            f.awaitOpen();
            GroupSnapshot s = f.snapshot(false);
            Connects.report(report, s);
            report.value("open_at_end", "sockets still open at the end", s.openNow(), "")
                    .value("closed_by_server", "sockets closed by the server", s.closedByServer(), "");
            if (s.lastClose() != null) {
                report.note(s.lastClose());
            }
        }
        return report;
    }

    private void warmUp(RunContext ctx, FleetSpec spec, int round, Report report) throws InterruptedException {
        try (ChannelstreamApi api = new ChannelstreamApi(ctx.target(), ctx.secret(), 1, Duration.ofSeconds(30),
                ctx.deadline())) {
            GatewayProbe probe = new GatewayProbe(api, metricsPath, OptionalLong.empty());
            double before = probe.sample(false).sessions();
            ctx.progress("warm-up round " + round + " of " + warmupRounds + ": " + connections + " connects");
            try (Fleet f = Fleet.start(spec, ctx.target(), ctx.secret(), ctx.deadline(), ctx.watchdog())) {
                f.awaitOpen();
            }
            long limit = System.nanoTime() + SETTLE_LIMIT.toNanos();
            double now = probe.sample(false).sessions();
            while (now > before && System.nanoTime() < limit) {
                Thread.sleep(250);
                now = probe.sample(false).sessions();
            }
            if (now > before) {
                report.note("warm-up round " + round + ": the gateway still had " + (long) now + " sessions after "
                        + Limits.human(SETTLE_LIMIT) + " (" + (long) before + " before the round)");
            }
        }
    }
}
