package io.csgate.bench.scenario;

import io.csgate.bench.cli.FleetOptions;
import io.csgate.bench.cli.RunContext;
import io.csgate.bench.cli.ScenarioCommand;
import io.csgate.bench.cli.TransportOptions;
import io.csgate.bench.cluster.Fleet;
import io.csgate.bench.cluster.FleetSpec;
import io.csgate.bench.flood.FloodOptions;
import io.csgate.bench.flood.FloodProcess;
import io.csgate.bench.flood.FloodStats;
import io.csgate.bench.publish.PublishResult;
import io.csgate.bench.publish.PublishSpec;
import io.csgate.bench.publish.RatePublisher;
import io.csgate.bench.publish.Transport;
import io.csgate.bench.report.Report;
import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.DurationConverter;
import io.csgate.bench.run.Limits;
import io.csgate.bench.subscriber.GroupSnapshot;
import io.csgate.bench.subscriber.SubscriberSpec;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * N subscribers over C channels; messages published at rate R for the warm-up and the measured
 * duration; then a bounded drain. Reports deliveries per second over the measured window,
 * expected against received deliveries, and end-to-end latency (publisher's stamp to the
 * subscriber's receipt). With {@code --half-open N}, N half-open websocket upgrades from worker
 * processes are held (and reopened when the server closes them) while publishing, to measure what
 * still gets through with the gateway's connection cap full.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true, sortOptions = false,
        description = "N subscribers over C channels, publishing at rate R: deliveries/s, loss, end-to-end latency.")
public final class FanoutCommand extends ScenarioCommand {

    @Option(names = "--subscribers", defaultValue = "100", description = "Subscribers (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--channels", defaultValue = "1", description = "Channels; subscriber k joins channel k mod C"
            + " (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--rate", defaultValue = "10", description = "Messages per second over all channels, round-robin"
            + " (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--batch", defaultValue = "1", description = "Messages per publish request (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "Measured publishing time, after the warm-up (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "2s", converter = DurationConverter.class,
            description = "Publishing before measuring; counted for loss, not for latency (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--drain", defaultValue = "5s", converter = DurationConverter.class,
            description = "Longest wait for outstanding deliveries after publishing (default: ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = "--publishers", defaultValue = "16", description = "Concurrent publish requests; needs rate x"
            + " request latency at least (default: ${DEFAULT-VALUE}).")
    int publishers;

    @Option(names = "--max-messages", defaultValue = "10000000",
            description = "Stop publishing after this many messages (default: ${DEFAULT-VALUE}).")
    long maxMessages;

    @Option(names = "--gateway-pid", description = "The gateway's pid: reports its CPU use during the measured window.")
    Long gatewayPid;

    @Mixin
    TransportOptions transport;

    @Mixin
    FleetOptions fleet;

    @Mixin
    FloodOptions flood;

    private FleetSpec fleetSpec;

    @Override
    protected void validate() {
        Limits.check("--rate", rate, 1, Limits.MAX_RATE);
        Limits.check("--batch", batch, 1, Limits.MAX_BATCH);
        Limits.check("--duration", duration, Duration.ofMillis(100), Limits.MAX_DURATION);
        Limits.check("--warmup", warmup, Duration.ZERO, Limits.MAX_DURATION);
        Limits.check("--drain", drain, Duration.ZERO, Duration.ofMinutes(2));
        Limits.check("--publishers", publishers, 1, Limits.MAX_CONCURRENCY);
        Limits.check("--max-messages", maxMessages, 1, Limits.MAX_MESSAGES);
        transport.validate();
        flood.validate();
        fleetSpec = fleet.spec("x", subscribers, channels, false);
    }

    @Override
    protected Duration expectedLength() {
        return fleet.openAllowance(subscribers).plus(fleet.openAllowance(flood.connections())).plus(warmup)
                .plus(duration).plus(drain);
    }

    @Override
    protected Report run(RunContext ctx) throws InterruptedException {
        FleetSpec spec = fleet.spec(ctx.runId(), subscribers, channels, false);
        Report report = new Report("fanout")
                .param("url", ctx.target().base().toString()).param("subscribers", subscribers)
                .param("channels", channels).param("rate_msg_s", rate).param("batch", batch)
                .param("duration_s", duration.toMillis() / 1000.0).param("warmup_s", warmup.toMillis() / 1000.0)
                .param("via", transport.name()).param("publishers", publishers)
                .param("processes", Math.max(1, fleetSpec.workerCount()))
                .param("io_threads", spec.ws().ioThreads()).param("run_id", ctx.runId());
        if (flood.enabled()) {
            report.param("half_open", flood.connections()).param("half_open_processes", flood.processes())
                    .param("half_open_reopen_rate", flood.reopenRate());
        }
        ctx.progress("opening " + subscribers + " subscribers on " + channels + " channel(s)"
                + (spec.workerCount() > 0 ? " in " + spec.workerCount() + " worker processes" : ""));
        try (Fleet f = Fleet.start(spec, ctx.target(), ctx.secret(), ctx.deadline(), ctx.watchdog())) {
            f.awaitOpen();
            GroupSnapshot opened = f.snapshot(false);
            if (opened.opened() == 0) {
                throw new BenchException("no subscriber could connect: " + opened.firstError());
            }
            Connects.report(report, opened);
            long[] perChannel = f.openPerChannel(opened);
            String[] names = new String[channels];
            for (int c = 0; c < channels; c++) {
                names[c] = SubscriberSpec.channelName(ctx.runId(), c);
            }
            try (Transport t = transport.open(ctx, publishers)) {
                if (flood.enabled()) {
                    t.openConnections(); // before the flood fills the gateway's connection cap
                }
                List<FloodProcess> floods = startFlood(ctx, report);
                try {
                    publishAndMeasure(ctx, report, f, t, names, perChannel);
                    if (!floods.isEmpty()) {
                        FloodStats end = FloodProcess.snapshot(floods);
                        report.value("half_open_open_end", "half-open connections open at the end", end.open(), "")
                                .value("half_open_attempted", "half-open connections tried (reopens included)",
                                        end.attempted(), "")
                                .value("half_open_refused", "closed by the server within 5 s (refused)",
                                        end.refused(), "")
                                .value("half_open_timed_out", "closed by the server later (timeouts)",
                                        end.timedOut(), "")
                                .value("half_open_failed", "half-open connects that failed", end.failed(), "");
                    }
                } finally {
                    floods.forEach(FloodProcess::close);
                }
            }
        }
        return report;
    }

    /** The flood of {@code --half-open}, once every connection was tried; none without the option. */
    private List<FloodProcess> startFlood(RunContext ctx, Report report) throws InterruptedException {
        if (!flood.enabled()) {
            return List.of();
        }
        ctx.progress("opening " + flood.connections() + " half-open connections in " + flood.processes()
                + " processes");
        List<FloodProcess> floods = FloodProcess.start(ctx.target(), flood.connections(), flood.processes(),
                flood.reopenRate(), ctx.deadline());
        ctx.watchdog().onExpiry(() -> floods.forEach(FloodProcess::close));
        FloodStats ready = FloodStats.NONE;
        for (FloodProcess p : floods) {
            ready = ready.plus(p.awaitReady());
        }
        report.value("half_open_open_start", "half-open connections open when publishing starts", ready.open(), "")
                .value("half_open_refused_start", "of them refused while opening", ready.refused(), "");
        ctx.progress(ready.open() + " half-open connections held, " + ready.refused() + " refused");
        return floods;
    }

    private void publishAndMeasure(RunContext ctx, Report report, Fleet f, Transport t, String[] names,
                                   long[] perChannel) throws InterruptedException {
        PublishSpec ps = new PublishSpec(names, rate, batch, warmup, warmup.plus(duration), publishers, maxMessages);
        ctx.progress("publishing " + rate + " msg/s via " + transport.name() + " for "
                + Limits.human(warmup) + " warm-up + " + Limits.human(duration));
        RatePublisher publisher = new RatePublisher(ps, t, ctx.deadline());
        ctx.watchdog().onExpiry(publisher::stop);
        publisher.start();
        sleepUntil(publisher.startNanos() + warmup.toNanos());
        GroupSnapshot atStart = f.snapshot(false);
        Cpu cpuStart = Cpu.now(pid(), f.processes() > 0);
        long windowStart = System.nanoTime();
        PublishResult pub = publisher.await();
        GroupSnapshot atEnd = f.snapshot(false);
        long window = System.nanoTime() - windowStart;
        Cpu.now(pid(), f.processes() > 0).report(report, cpuStart, atStart, atEnd, window);
        long expected = pub.expectedDeliveries(perChannel);
        GroupSnapshot last = drain(f, expected, ctx);
        results(report, pub, atStart, atEnd, window, expected, last);
    }

    private OptionalLong pid() {
        return gatewayPid == null ? OptionalLong.empty() : OptionalLong.of(gatewayPid);
    }

    private GroupSnapshot drain(Fleet f, long expected, RunContext ctx) throws InterruptedException {
        long end = System.nanoTime() + ctx.deadline().cap(drain).toNanos();
        GroupSnapshot s = f.snapshot(false);
        while (s.received() < expected && System.nanoTime() < end) {
            TimeUnit.MILLISECONDS.sleep(250);
            s = f.snapshot(false);
        }
        return s;
    }

    private void results(Report r, PublishResult pub, GroupSnapshot atStart, GroupSnapshot atEnd, long windowNanos,
                         long expected, GroupSnapshot last) {
        long missing = Math.max(0, expected - last.received());
        r.value("published", "messages published (acked)", pub.acked(), "")
                .value("publish_errors", "publish errors", pub.errors(), "")
                .value("publish_rate", "publish rate achieved", pub.messagesPerSecond(), "msg/s")
                .value("publish_max_lag_ms", "worst lag behind schedule", pub.maxBehindMicros() / 1000.0, "ms")
                .latency("publish_latency", "publish request latency", pub.requestLatency())
                .value("deliveries_per_s", "deliveries/s (measured window)",
                        (atEnd.received() - atStart.received()) * 1e9 / Math.max(1, windowNanos), "/s")
                .value("expected", "deliveries expected", expected, "")
                .value("received", "deliveries received", last.received(), "")
                .value("missing", "deliveries missing", missing, "")
                .value("loss_pct", "loss", expected == 0 ? 0.0 : 100.0 * missing / expected, "%")
                .latency("latency", "end-to-end latency", last.latency())
                .value("closed_by_server", "sockets closed by the server", last.closedByServer(), "")
                .value("heartbeats", "heartbeat frames received", last.heartbeats(), "")
                .value("other_frames", "other frames received", last.other(), "");
        if (pub.firstError() != null) {
            r.note("first publish error: " + pub.firstError());
        }
        if (last.lastClose() != null) {
            r.note(last.lastClose());
        }
        if (last.received() > expected) {
            r.note((last.received() - expected) + " deliveries more than expected: duplicates, catch-up, or"
                    + " publishes that failed on our side (e.g. timed out) but were applied");
        }
        if (pub.maxBehindMicros() > 100_000) {
            r.note("the publisher fell up to " + pub.maxBehindMicros() / 1000 + " ms behind schedule (too few"
                    + " --publishers for the request latency, or a saturated server); latencies count from the"
                    + " intended send time, so they include that wait");
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
