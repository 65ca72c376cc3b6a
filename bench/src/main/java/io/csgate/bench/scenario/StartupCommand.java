package io.csgate.bench.scenario;

import io.csgate.bench.cli.RunContext;
import io.csgate.bench.cli.ScenarioCommand;
import io.csgate.bench.cli.TransportOptions;
import io.csgate.bench.http.ChannelstreamApi;
import io.csgate.bench.http.HttpConnection;
import io.csgate.bench.publish.PublishResult;
import io.csgate.bench.publish.PublishSpec;
import io.csgate.bench.publish.RatePublisher;
import io.csgate.bench.publish.Transport;
import io.csgate.bench.report.Report;
import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.ChildProcess;
import io.csgate.bench.run.DurationConverter;
import io.csgate.bench.run.Limits;
import io.csgate.bench.run.Target;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Time from starting a new gateway to its first 200 on {@code /readyz}, on a log of M events.
 * The log is filled first through the running gateway at {@code --url} (or straight to Kafka);
 * then {@code --gateway-command} starts the new gateway (which must use the same Kafka) and is
 * stopped again after each run.
 */
@Command(name = "startup", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Time until /readyz for a new gateway on a log of M events.")
public final class StartupCommand extends ScenarioCommand {

    private static final Duration POLL = Duration.ofMillis(20);

    @Option(names = "--gateway-command", required = true, paramLabel = "COMMAND",
            description = "Shell command starting the new gateway, e.g. \"cd /work/main &&"
                    + " CHANNELSTREAM_PORT=18101 CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:18092 ./channelstream\".")
    String gatewayCommand;

    @Option(names = "--ready-url", required = true, paramLabel = "URL",
            description = "Readiness URL of the new gateway, e.g. http://127.0.0.1:18101/readyz (loopback only).")
    String readyUrl;

    @Option(names = "--events", defaultValue = "0", description = "Events to add to the log first (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--fill-batch", defaultValue = "1", description = "Messages per event when filling (default: ${DEFAULT-VALUE}).")
    int fillBatch;

    @Option(names = "--fill-concurrency", defaultValue = "8", description = "Fill requests in flight (default: ${DEFAULT-VALUE}).")
    int fillConcurrency;

    @Option(names = "--runs", defaultValue = "1", description = "Start-stop cycles (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--startup-timeout", defaultValue = "180s", converter = DurationConverter.class,
            description = "Longest wait for readiness per run (default: ${DEFAULT-VALUE}).")
    Duration startupTimeout;

    @Option(names = "--gateway-log", paramLabel = "FILE", description = "Output of the new gateway (default: a temporary file).")
    Path gatewayLog;

    @Mixin
    TransportOptions transport;

    private Target ready;
    private String readyPath;

    @Override
    protected void validate() {
        URI u = URI.create(readyUrl);
        ready = Target.parse(u.getScheme() + "://" + u.getRawAuthority());
        readyPath = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/readyz" : u.getRawPath();
        Limits.check("--events", events, 0, Limits.MAX_MESSAGES);
        Limits.check("--fill-batch", fillBatch, 1, Limits.MAX_BATCH);
        Limits.check("--fill-concurrency", fillConcurrency, 1, Limits.MAX_CONCURRENCY);
        Limits.check("--runs", runs, 1, 20);
        Limits.check("--startup-timeout", startupTimeout, Duration.ofSeconds(1), Duration.ofMinutes(10));
        transport.validate();
    }

    @Override
    protected Duration expectedLength() {
        return Duration.ofSeconds(events / 2_000).plus(startupTimeout.plus(ChildProcess.STOP_WAIT).multipliedBy(runs));
    }

    @Override
    protected Report run(RunContext ctx) throws InterruptedException {
        Report report = new Report("startup").param("url", ctx.target().base().toString())
                .param("ready_url", readyUrl).param("gateway_command", gatewayCommand).param("events", events)
                .param("fill_batch", fillBatch).param("via", transport.name()).param("runs", runs);
        if (events > 0) {
            fill(ctx, report);
        }
        long logRecords = transport.logRecords();
        if (logRecords >= 0) {
            report.value("log_records", "records in the events topic", logRecords, "");
        } else {
            report.note("give --bootstrap-servers to have the log's size reported");
        }
        Path log = logFile();
        report.param("gateway_log", log.toString());
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            ctx.progress("run " + (i + 1) + "/" + runs + ": starting the gateway (log: " + log + ")");
            double ms = startOnce(ctx, log);
            ctx.progress("ready after " + Math.round(ms) + " ms");
            times.add(ms);
        }
        Collections.sort(times);
        report.value("ready_ms_min", "time to /readyz, best", times.get(0), "ms")
                .value("ready_ms_median", "time to /readyz, median", times.get(times.size() / 2), "ms")
                .value("ready_ms_max", "time to /readyz, worst", times.get(times.size() - 1), "ms")
                .value("ready_ms_all", "every run", times.toString(), "ms");
        return report;
    }

    private void fill(RunContext ctx, Report report) throws InterruptedException {
        String channel = "bench-" + ctx.runId() + "-startup";
        try (ChannelstreamApi api = new ChannelstreamApi(ctx.target(), ctx.secret(), 1, Duration.ofSeconds(15),
                ctx.deadline()); Transport t = transport.open(ctx, fillConcurrency)) {
            api.connect("bench-" + ctx.runId() + "-startup", List.of(channel));
            ctx.progress("adding " + events + " events to the log via " + transport.name());
            PublishSpec spec = new PublishSpec(new String[] {channel}, 0, fillBatch, Duration.ZERO,
                    Limits.MAX_DURATION, fillConcurrency, events * fillBatch);
            RatePublisher p = new RatePublisher(spec, t, ctx.deadline());
            ctx.watchdog().onExpiry(p::stop);
            p.start();
            PublishResult r = p.await();
            report.value("filled_events", "events added", r.acked() / fillBatch, "")
                    .value("fill_rate", "fill rate", r.requestsPerSecond(), "events/s")
                    .value("fill_errors", "fill errors", r.errors(), "");
        }
    }

    private double startOnce(RunContext ctx, Path log) throws InterruptedException {
        long t0 = System.nanoTime();
        try (ChildProcess gw = ChildProcess.start(gatewayCommand, Map.of(), log)) {
            ctx.watchdog().onExpiry(gw::kill);
            long end = t0 + ctx.deadline().cap(startupTimeout).toNanos();
            while (System.nanoTime() < end) {
                if (isReady()) {
                    return (System.nanoTime() - t0) / 1e6;
                }
                if (!gw.isAlive()) {
                    throw new BenchException("the gateway exited with " + gw.exitCode() + " before it was ready; log: "
                            + log);
                }
                TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
            }
            ctx.deadline().check("waiting for " + readyUrl);
            throw new BenchException(readyUrl + " not ready within " + Limits.human(startupTimeout) + "; log: " + log);
        }
    }

    private boolean isReady() {
        try (HttpConnection c = new HttpConnection(ready)) {
            return c.exchange("GET", readyPath, new String[0], null, 1000).status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private Path logFile() {
        if (gatewayLog != null) {
            return gatewayLog;
        }
        try {
            return Files.createTempFile("csgate-bench-startup-", ".log");
        } catch (IOException e) {
            throw new BenchException("cannot create a log file: " + e.getMessage(), e);
        }
    }
}
