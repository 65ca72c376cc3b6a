package io.csgate.bench.scenario;

import io.csgate.bench.cli.RunContext;
import io.csgate.bench.cli.ScenarioCommand;
import io.csgate.bench.http.ChannelstreamApi;
import io.csgate.bench.probe.GatewayProbe;
import io.csgate.bench.probe.GatewaySample;
import io.csgate.bench.report.Report;
import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.DurationConverter;
import io.csgate.bench.run.Limits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * N distinct users, each made by one {@code POST /connect} and never given a socket, at a steady
 * rate: the gateway collects the connections ({@code gc_conns_after}) but remembers the users
 * until they expire. Reads the gateway's heap after a forced GC and its RSS every
 * {@code users / --samples} users and once more after {@code --settle}, so the per-user cost and
 * whether the gateway survives are measured together. A gateway that stops answering ends the
 * run (exit 1) with the number of users it had taken.
 */
@Command(name = "users", mixinStandardHelpOptions = true, sortOptions = false,
        description = "N distinct users through POST /connect, no sockets: the gateway's heap after GC and RSS"
                + " as they accumulate.")
public final class UsersCommand extends ScenarioCommand {

    static final int MAX_USERS = 10_000_000;

    @Option(names = "--users", defaultValue = "100000", description = "Distinct users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--rate", defaultValue = "2000", description = "New users per second; 0 = as fast as"
            + " --concurrency allows (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--concurrency", defaultValue = "16", description = "Requests in flight at most"
            + " (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--channels", defaultValue = "0", description = "Channels joined round-robin, one per user;"
            + " 0 = none. Each /connect answer lists the users of its channel that still have a connection"
            + " (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--state-keys", defaultValue = "0", description = "Keys of user state set by each /connect,"
            + " every one public (default: ${DEFAULT-VALUE}).")
    int stateKeys;

    @Option(names = "--samples", defaultValue = "10", description = "Readings of the gateway while users are"
            + " made, evenly spaced (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--settle", defaultValue = "20s", converter = DurationConverter.class,
            description = "Wait after the last user before the final reading, so the gateway collects the"
                    + " connections (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--gateway-pid", description = "The gateway's pid: a forced GC (jcmd GC.run) before each"
            + " heap reading, and RSS from /proc.")
    Long gatewayPid;

    @Option(names = "--metrics-path", defaultValue = "/metrics", description = "Prometheus endpoint"
            + " (default: ${DEFAULT-VALUE}).")
    String metricsPath;

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @Override
    protected void validate() {
        Limits.check("--users", users, 1, MAX_USERS);
        Limits.check("--rate", rate, 0, Limits.MAX_RATE);
        Limits.check("--concurrency", concurrency, 1, Limits.MAX_CONCURRENCY);
        Limits.check("--channels", channels, 0, Limits.MAX_CHANNELS);
        Limits.check("--state-keys", stateKeys, 0, 100);
        Limits.check("--samples", samples, 1, 100);
        Limits.check("--settle", settle, Duration.ZERO, Duration.ofMinutes(5));
        if (rate > 0 && (double) users / rate > Limits.MAX_DURATION.toSeconds()) {
            throw new IllegalArgumentException("--users " + users + " at --rate " + rate + " takes longer than "
                    + Limits.human(Limits.MAX_DURATION) + "; raise --rate");
        }
        if (gatewayPid != null && !ProcessHandle.of(gatewayPid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalArgumentException("--gateway-pid " + gatewayPid + " is not a running process");
        }
    }

    @Override
    protected Duration expectedLength() {
        long seconds = rate > 0 ? (users + rate - 1L) / rate : Limits.MAX_DURATION.toSeconds();
        // each reading may wait for a full GC of a large heap
        return Duration.ofSeconds(seconds).plus(settle).plusSeconds(10L * (samples + 2));
    }

    @Override
    protected Report run(RunContext ctx) throws InterruptedException {
        Report report = new Report("users")
                .param("url", ctx.target().base().toString()).param("users", users)
                .param("rate", rate == 0 ? "unlimited" : rate).param("concurrency", concurrency)
                .param("channels", channels).param("state_keys", stateKeys)
                .param("gateway_pid", gatewayPid == null ? "none (heap without forced GC, no RSS)" : gatewayPid)
                .param("run_id", ctx.runId());
        try (ChannelstreamApi api = new ChannelstreamApi(ctx.target(), ctx.secret(), concurrency + 1,
                REQUEST_TIMEOUT, ctx.deadline())) {
            GatewayProbe probe = new GatewayProbe(api, metricsPath,
                    gatewayPid == null ? OptionalLong.empty() : OptionalLong.of(gatewayPid));
            GatewaySample before = probe.sample(true);
            double usersBefore = before.users();
            progress(ctx, 0, before);
            UserMaker maker = new UserMaker(api, ctx, users, rate, concurrency, channels, stateKeys);
            maker.start();
            List<long[]> readings = new ArrayList<>();
            GatewaySample last = before;
            long made = 0;
            try {
                for (int s = 1; s <= samples; s++) {
                    long target = (long) users * s / samples;
                    maker.awaitMade(target);
                    last = probe.sample(true);
                    made = maker.made();
                    progress(ctx, made, last);
                    readings.add(new long[] {made, (long) last.heapBytes(), (long) last.rssBytes(),
                        (long) last.users()});
                }
                maker.join();
                ctx.progress("all " + users + " users made; settling for " + Limits.human(settle));
                TimeUnit.MILLISECONDS.sleep(ctx.deadline().cap(settle).toMillis());
                last = probe.sample(true);
                progress(ctx, maker.made(), last);
            } catch (BenchException e) {
                maker.stop();
                throw new BenchException("the gateway stopped answering after " + maker.made() + " users ("
                        + e.getMessage() + ")", e);
            } finally {
                maker.stop();
            }
            double n = Math.max(1, maker.made());
            report.value("made", "users made (200 from /connect)", maker.made(), "")
                    .value("failed", "/connect calls that failed", maker.failed(), "")
                    .value("user_rate", "users made per second", maker.made() / Math.max(1e-9, maker.seconds()), "/s")
                    .latency("connect_latency", "POST /connect, from its scheduled time", maker.latency())
                    .value("gateway_users", "users in the gateway at the end", last.users() - usersBefore, "")
                    .value("heap_before_mb", "gateway heap before", before.heapBytes() / 1e6, "MB")
                    .value("heap_after_mb", "gateway heap at the end", last.heapBytes() / 1e6, "MB")
                    .value("heap_per_user_bytes", "gateway heap per user", probe.hasPid()
                            ? (last.heapBytes() - before.heapBytes()) / n : Double.NaN, "bytes")
                    .value("rss_before_mb", "gateway RSS before", before.rssBytes() / 1e6, "MB")
                    .value("rss_after_mb", "gateway RSS at the end", last.rssBytes() / 1e6, "MB");
            for (long[] r : readings) {
                report.value("heap_mb_at_" + r[0], String.format(Locale.ROOT, "  heap / RSS at %,d users", r[0]),
                        String.format(Locale.ROOT, "%.1f / %.1f", r[1] / 1e6, r[2] / 1e6), "MB");
            }
            if (maker.firstError() != null) {
                report.note("first /connect error: " + maker.firstError());
            }
            if (!probe.hasPid()) {
                report.note("no --gateway-pid: no forced GC, so heap figures include garbage; no RSS");
            }
        }
        return report;
    }

    private static void progress(RunContext ctx, long made, GatewaySample s) {
        ctx.progress(String.format(Locale.ROOT, "%,d users made: gateway heap %.1f MB, RSS %.1f MB, users %,.0f",
                made, s.heapBytes() / 1e6, s.rssBytes() / 1e6, s.users()));
    }
}
