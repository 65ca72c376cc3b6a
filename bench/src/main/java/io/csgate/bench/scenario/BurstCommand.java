package io.csgate.bench.scenario;

import io.csgate.bench.cli.FleetOptions;
import io.csgate.bench.cli.RunContext;
import io.csgate.bench.cli.ScenarioCommand;
import io.csgate.bench.cli.TargetOptions;
import io.csgate.bench.cluster.Fleet;
import io.csgate.bench.cluster.FleetSpec;
import io.csgate.bench.http.ChannelstreamApi;
import io.csgate.bench.publish.KafkaBurst;
import io.csgate.bench.report.Report;
import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.DurationConverter;
import io.csgate.bench.run.Limits;
import io.csgate.bench.run.Target;
import io.csgate.bench.subscriber.GroupSnapshot;
import io.csgate.bench.subscriber.SubscriberSpec;
import io.csgate.common.event.Topics;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * S subscribers, then M messages at once: the ingest CLI on a JSON-lines file
 * ({@code --cli-command}), or records produced straight to Kafka ({@code --bootstrap-servers}).
 * Reports how long until every subscriber had every message (time to drain), deliveries per
 * second over that time, how many arrived out of order, which sockets the server closed (by close
 * code), and the gateway's peaks: used heap, bytes waiting for its websockets, resident memory.
 * With {@code --stalled N}, N more subscribers stop reading right after their upgrade: the server
 * should close them while the others get everything.
 */
@Command(name = "burst", mixinStandardHelpOptions = true, sortOptions = false,
        description = "S subscribers, a burst of M messages (ingest CLI or straight to Kafka): time to drain,"
                + " in-order deliveries/s, closes by code, gateway heap peak.")
public final class BurstCommand extends ScenarioCommand {

    @Option(names = "--subscribers", defaultValue = "200", description = "Subscribers that read (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--channels", defaultValue = "1", description = "Channels; subscriber k joins channel k mod C and"
            + " message m goes to channel m mod C (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--messages", defaultValue = "200000", description = "Messages in the burst (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--cli-command", paramLabel = "COMMAND",
            description = "Shell command that sends a JSON-lines file of messages; {file}, {count}, {channel} and {url}"
                    + " are replaced, $" + TargetOptions.SECRET_ENV + " is set. Timed from start to exit (JVM start included).")
    String cliCommand;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Instead of a CLI: produce the burst straight to the events topic of this Kafka (loopback only),"
                    + " in order, as fast as the broker acknowledges.")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = Topics.DEFAULT_EVENTS_TOPIC, paramLabel = "TOPIC",
            description = "Events topic for --bootstrap-servers (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--batch", defaultValue = "100", description = "Messages per record for --bootstrap-servers (the"
            + " CLI batches by its own --batch) (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--pad-bytes", defaultValue = "0", description = "Extra text in each message, to set its size"
            + " (default: ${DEFAULT-VALUE}).")
    int padBytes;

    @Option(names = "--stalled", defaultValue = "0", description = "More subscribers that stop reading after their"
            + " upgrade (default: ${DEFAULT-VALUE}).")
    int stalled;

    @Option(names = "--drain", defaultValue = "5m", converter = DurationConverter.class,
            description = "Longest wait, after the burst was sent, for every delivery (default: ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = "--gateway-pid", description = "The gateway's pid: adds its resident memory peak and CPU.")
    Long gatewayPid;

    @Mixin
    FleetOptions fleet;

    private FleetSpec fleetSpec;

    @Override
    protected void validate() {
        Limits.check("--messages", messages, 1, 50_000_000);
        Limits.check("--batch", batch, 1, Limits.MAX_BATCH);
        Limits.check("--pad-bytes", padBytes, 0, 1_000_000);
        Limits.check("--stalled", stalled, 0, 1_000);
        Limits.check("--drain", drain, Duration.ofSeconds(1), Limits.MAX_DURATION);
        if ((cliCommand == null) == (bootstrapServers == null)) {
            throw new IllegalArgumentException("give one of --cli-command and --bootstrap-servers");
        }
        if (bootstrapServers != null) {
            Target.checkBootstrap(bootstrapServers);
        }
        fleetSpec = fleet.spec("x", subscribers, channels, false);
    }

    @Override
    protected Duration expectedLength() {
        return fleet.openAllowance(subscribers + stalled).plusMinutes(2).plus(drain);
    }

    @Override
    protected Report run(RunContext ctx) throws InterruptedException {
        FleetSpec spec = fleet.spec(ctx.runId(), subscribers, channels, false);
        String[] names = new String[channels];
        for (int c = 0; c < channels; c++) {
            names[c] = SubscriberSpec.channelName(ctx.runId(), c);
        }
        Report report = new Report("burst")
                .param("url", ctx.target().base().toString()).param("subscribers", subscribers)
                .param("channels", channels).param("messages", messages).param("pad_bytes", padBytes)
                .param("stalled", stalled).param("via", cliCommand != null ? "cli" : "kafka")
                .param("processes", Math.max(1, fleetSpec.workerCount())).param("io_threads", spec.ws().ioThreads())
                .param("run_id", ctx.runId());
        if (cliCommand != null) {
            report.param("cli_command", cliCommand);
        } else {
            report.param("batch", batch);
        }
        OptionalLong pid = gatewayPid == null ? OptionalLong.empty() : OptionalLong.of(gatewayPid);
        ctx.progress("opening " + subscribers + " subscribers on " + channels + " channel(s)"
                + (spec.workerCount() > 0 ? " in " + spec.workerCount() + " worker processes" : ""));
        try (ChannelstreamApi api = new ChannelstreamApi(ctx.target(), ctx.secret(), 2, Duration.ofSeconds(15),
                ctx.deadline());
             Fleet f = Fleet.start(spec, ctx.target(), ctx.secret(), ctx.deadline(), ctx.watchdog())) {
            f.awaitOpen();
            GroupSnapshot opened = f.snapshot(false);
            if (opened.opened() == 0) {
                throw new BenchException("no subscriber could connect: " + opened.firstError());
            }
            Connects.report(report, opened);
            long[] open = f.openPerChannel(opened);
            long expected = 0;
            for (int c = 0; c < channels; c++) {
                expected += (messages / channels + (c < messages % channels ? 1 : 0)) * open[c];
            }
            try (StalledSockets stuck = StalledSockets.open(ctx.target(), api, ctx.runId(), names, stalled)) {
                burst(ctx, report, f, api, names, expected, pid, stuck);
            }
        }
        return report;
    }

    private void burst(RunContext ctx, Report report, Fleet f, ChannelstreamApi api, String[] names, long expected,
                       OptionalLong pid, StalledSockets stuck) throws InterruptedException {
        double heldBefore = GatewayPeaks.counter(api, "csgate_log_held_back_seconds_total", null);
        double slowBefore = GatewayPeaks.counter(api, "csgate_sessions_closed_total", "reason=\"slow\"");
        CliIngest cli = cliCommand == null ? null : new CliIngest(cliCommand, messages, names, padBytes);
        if (cli != null) {
            ctx.progress("writing " + messages + " lines");
            cli.prepare();
        }
        GroupSnapshot before = f.snapshot(false);
        ctx.progress(before.opened() + " open" + (stalled > 0 ? " and " + stuck.size() + " stalled" : "")
                + "; sending " + messages + " messages");
        Cpu cpuStart = Cpu.now(pid, f.processes() > 0);
        long t0 = System.nanoTime();
        CompletableFuture<double[]> sent = new CompletableFuture<>();
        Thread sender = new Thread(() -> {
            try {
                if (cli != null) {
                    sent.complete(new double[] {messages, 0, cli.send(ctx)});
                } else {
                    try (KafkaBurst k = new KafkaBurst(bootstrapServers, topic, ctx.secret())) {
                        KafkaBurst.Result r = k.send(names, messages, batch, padBytes, ctx.deadline());
                        if (r.firstError() != null) {
                            report.note("first produce error: " + r.firstError());
                        }
                        sent.complete(new double[] {r.acked(), r.failed(), r.seconds()});
                    }
                }
            } catch (Throwable e) {
                sent.completeExceptionally(e);
            }
        }, "bench-burst-sender");
        ctx.watchdog().onExpiry(sender::interrupt);
        GroupSnapshot last;
        double drainSeconds;
        try (GatewayPeaks peaks = new GatewayPeaks(api, pid, 200)) {
            sender.start();
            long doneAt = Long.MAX_VALUE;
            last = f.snapshot(false);
            while (last.received() - before.received() < expected && !sent.isCompletedExceptionally()) {
                if (sent.isDone() && doneAt == Long.MAX_VALUE) {
                    doneAt = System.nanoTime();
                }
                if (System.nanoTime() - doneAt > ctx.deadline().cap(drain).toNanos() || ctx.deadline().expired()) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(100);
                last = f.snapshot(false);
            }
            drainSeconds = (System.nanoTime() - t0) / 1e9;
            peaks.close();
            report(report, peaks, pid);
        }
        double[] s;
        try {
            s = sent.get(Math.max(1, ctx.deadline().remainingMillis()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BenchException b ? b
                    : new BenchException("sending the burst failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            sender.interrupt();
            throw new BenchException("the burst was not sent before the deadline");
        }
        Cpu.now(pid, f.processes() > 0).report(report, cpuStart, before, last, System.nanoTime() - t0);
        long received = last.received() - before.received();
        long outOfOrder = last.outOfOrder() - before.outOfOrder();
        report.value("sent", "messages sent (acknowledged)", (long) s[0], "")
                .value("send_failed", "messages not acknowledged", (long) s[1], "")
                .value("send_seconds", cli != null ? "CLI wall time (JVM start included)" : "producing, first send to"
                        + " last ack", s[2], "s")
                .value("send_msgs_per_s", "messages/s sent", s[0] / Math.max(1e-9, s[2]), "msg/s")
                .value("expected", "deliveries expected", expected, "")
                .value("received", "deliveries received", received, "")
                .value("missing", "deliveries missing", Math.max(0, expected - received), "")
                .value("out_of_order", "deliveries out of order or repeated", outOfOrder, "")
                .value("drain_seconds", "time to drain (send start to last delivery, 0.1 s steps)", drainSeconds, "s")
                .value("deliveries_per_s", "in-order deliveries/s over the drain",
                        (received - outOfOrder) / Math.max(1e-9, drainSeconds), "/s")
                .value("closed_by_server", "readers closed by the server", last.closedByServer(), "")
                .value("close_codes", "readers closed, by code", last.closeCodes().toString(), "");
        if (cli == null) {
            report.latency("latency", "end-to-end latency (record sent to delivery)", last.latency());
        } else {
            report.note("the CLI's messages are stamped when the file is written, so there is no latency figure;"
                    + " use --bootstrap-servers for one");
        }
        if (stalled > 0) {
            report.value("stalled_closed", "stalled subscribers the server closed", stuck.closedByServer(2_000), "");
        }
        double held = GatewayPeaks.counter(api, "csgate_log_held_back_seconds_total", null) - heldBefore;
        if (!Double.isNaN(held)) { // a csgate gateway: its slow-consumer counter appears with the first close
            double slow = GatewayPeaks.counter(api, "csgate_sessions_closed_total", "reason=\"slow\"");
            report.value("gateway_held_back_s", "gateway log held back for its sockets", held, "s")
                    .value("gateway_slow_closes", "gateway slow-consumer closes",
                            (Double.isNaN(slow) ? 0 : slow) - (Double.isNaN(slowBefore) ? 0 : slowBefore), "");
        }
        if (last.lastClose() != null) {
            report.note(last.lastClose());
        }
        if (received < expected) {
            report.note((expected - received) + " deliveries missing after the " + Limits.human(drain) + " drain");
        }
    }

    private static void report(Report r, GatewayPeaks peaks, OptionalLong pid) {
        if (!Double.isNaN(peaks.heapPeak())) {
            r.value("gateway_heap_peak_mb", "gateway used heap, peak (200 ms samples, no GC forced)",
                    peaks.heapPeak() / 1048576, "MB");
        }
        if (!Double.isNaN(peaks.queuedPeak())) {
            r.value("gateway_queued_peak_mb", "bytes waiting for its websockets, peak", peaks.queuedPeak() / 1048576,
                    "MB");
        }
        if (pid.isPresent()) {
            r.value("gateway_rss_peak_mb", "gateway resident memory, peak", peaks.rssPeak() / 1048576, "MB");
        }
        if (peaks.lastError() != null) {
            r.note("a gateway sample failed: " + peaks.lastError());
        }
    }
}
