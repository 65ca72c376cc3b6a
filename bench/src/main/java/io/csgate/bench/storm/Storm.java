package io.csgate.bench.storm;

import io.csgate.bench.cli.RunContext;
import io.csgate.bench.report.Report;
import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.Limits;
import io.csgate.bench.run.Target;
import io.csgate.bench.ws.WsClientConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The reconnect storm, from opening the sockets to the report: clients on the victim and on the
 * survivors, a publisher and a REST probe per survivor running throughout; then the victim's
 * process is killed (SIGKILL) and its clients come back through {@code POST /connect} on the
 * survivors at once. The storm ends when every victim client receives again and at least
 * {@code hold} has passed since the kill (so the survivors' own handling of the dead gateway, at
 * {@code gateway_down_after}, falls inside it), or at {@code limit}. Driven by the scenario's thread.
 */
public final class Storm {

    /** What to run. */
    public record Spec(List<Target> targets, long victimPid, int victims, int survivors, int channels,
                       int connectConcurrency, int reconnectThreads, Duration spread, Duration publishEvery,
                       Duration probeEvery, Duration before, Duration hold, Duration limit, int ioThreads,
                       boolean elsewhere, boolean presence) {}

    private final Spec spec;

    public Storm(Spec spec) {
        this.spec = spec;
    }

    public Report run(RunContext ctx) throws InterruptedException {
        Report report = new Report("storm")
                .param("victim", spec.targets().get(0).base().toString()).param("victim_pid", spec.victimPid())
                .param("survivors", String.join(",", spec.targets().subList(1, spec.targets().size()).stream()
                        .map(t -> t.base().toString()).toList()))
                .param("victim_sockets", spec.victims()).param("survivor_sockets", spec.survivors())
                .param("channels", spec.channels()).param("reconnect_threads", spec.reconnectThreads())
                .param("reconnect_spread_ms", spec.spread().toMillis())
                .param("socket_elsewhere", spec.elsewhere()).param("presence", spec.presence())
                .param("publish_every_ms", spec.publishEvery().toMillis())
                .param("probe_every_ms", spec.probeEvery().toMillis()).param("run_id", ctx.runId());
        WsClientConfig ws = WsClientConfig.defaults().withIoThreads(spec.ioThreads());
        List<Target> survivors = spec.targets().subList(1, spec.targets().size());
        try (StormFleet fleet = new StormFleet(spec.targets(), ctx.runId(), spec.victims(), spec.survivors(),
                spec.channels(), spec.presence(), ws, ctx.deadline())) {
            ctx.watchdog().onExpiry(fleet::close);
            ctx.progress("opening " + spec.victims() + " sockets on the victim and " + spec.survivors()
                    + " on the survivors");
            fleet.open(ctx.secret(), spec.connectConcurrency());
            List<String> channels = new ArrayList<>();
            for (int c = 0; c < Math.min(spec.channels(), fleet.clients().length); c++) {
                channels.add(fleet.clients()[c].channel);
            }
            List<RestProbe> probes = new ArrayList<>();
            try (StormPublisher publisher = new StormPublisher(survivors, ctx.secret(), channels, spec.publishEvery(),
                    ctx.deadline());
                 Reconnector reconnector = new Reconnector(fleet, ctx.secret(), spec.reconnectThreads(), spec.spread(),
                         spec.elsewhere(), ctx.deadline())) {
                for (Target t : survivors) {
                    probes.add(new RestProbe(t, ctx.secret(), channels.get(0), spec.probeEvery(), ctx.deadline()));
                }
                ctx.progress("all open; publishing and probing for " + Limits.human(spec.before()) + " before the kill");
                TimeUnit.MILLISECONDS.sleep(ctx.deadline().cap(spec.before()).toMillis());
                long receivingBefore = Arrays.stream(fleet.clients()).filter(c -> c.lastMessage != 0).count();
                for (StormClient c : fleet.clients()) {
                    c.watchGaps = !c.victim;
                }
                fleet.onVictimClosed(reconnector::reconnect);
                fleet.killed();
                probes.forEach(RestProbe::storm);
                publisher.storm();
                long killedAt = System.nanoTime();
                kill(spec.victimPid());
                ctx.progress("killed pid " + spec.victimPid() + "; waiting for " + spec.victims()
                        + " clients to receive again");
                long end = killedAt + spec.limit().toNanos();
                long holdUntil = killedAt + spec.hold().toNanos();
                long allBackAt = 0;
                long lastProgress = killedAt;
                while (System.nanoTime() < end && !ctx.deadline().expired()) {
                    long back = receivingAgain(fleet);
                    if (back == spec.victims() && allBackAt == 0) {
                        allBackAt = System.nanoTime();
                        ctx.progress("all " + back + " receive again after "
                                + String.format(Locale.ROOT, "%.2f s", (allBackAt - killedAt) / 1e9));
                    }
                    if (allBackAt != 0 && System.nanoTime() >= holdUntil) {
                        break;
                    }
                    if (System.nanoTime() - lastProgress > 5_000_000_000L) {
                        lastProgress = System.nanoTime();
                        ctx.progress(back + " of " + spec.victims() + " receive again, "
                                + (lastProgress - killedAt) / 1_000_000_000 + " s after the kill");
                    }
                    TimeUnit.MILLISECONDS.sleep(50);
                }
                StormResults.fill(report, fleet, reconnector, publisher, probes, survivors, killedAt, receivingBefore);
            } finally {
                probes.forEach(RestProbe::close);
            }
        }
        return report;
    }

    private static long receivingAgain(StormFleet fleet) {
        long n = 0;
        for (StormClient c : fleet.clients()) {
            if (c.victim && c.receivingAgain != 0) {
                n++;
            }
        }
        return n;
    }

    private static void kill(long pid) {
        ProcessHandle victim = ProcessHandle.of(pid).orElseThrow(() ->
                new BenchException("--victim-pid " + pid + " is gone before the kill"));
        // destroyForcibly is SIGKILL on Linux: no shutdown hook, no gateway_down of its own
        if (!victim.destroyForcibly()) {
            throw new BenchException("could not kill pid " + pid);
        }
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static Histogram histogram() {
        return io.csgate.bench.latency.LatencyRecorder.newHistogram();
    }
}
