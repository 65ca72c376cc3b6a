package io.csgate.bench.scenario;

import io.csgate.bench.cli.FleetOptions;
import io.csgate.bench.cli.RunContext;
import io.csgate.bench.cli.ScenarioCommand;
import io.csgate.bench.cluster.Fleet;
import io.csgate.bench.cluster.FleetSpec;
import io.csgate.bench.report.Report;
import io.csgate.bench.subscriber.GroupSnapshot;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * N times {@code POST /connect} then a websocket on its {@code conn_id}, {@code --connect-concurrency}
 * at a time per process; sockets stay open until all are done, then close. Reports the rate (opened
 * over the time from the first connect to the last open) and latency percentiles.
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

    @Mixin
    FleetOptions fleet;

    @Override
    protected void validate() {
        fleet.spec("x", connections, Math.min(channels, connections), false);
    }

    @Override
    protected Duration expectedLength() {
        return fleet.openAllowance(connections).plusSeconds(20);
    }

    @Override
    protected Report run(RunContext ctx) throws InterruptedException {
        int ch = Math.min(channels, connections);
        FleetSpec spec = fleet.spec(ctx.runId(), connections, ch, false);
        Report report = new Report("connect")
                .param("url", ctx.target().base().toString()).param("connections", connections)
                .param("channels", ch).param("concurrency_per_process", spec.concurrency())
                .param("processes", Math.max(1, spec.workerCount())).param("run_id", ctx.runId());
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
}
