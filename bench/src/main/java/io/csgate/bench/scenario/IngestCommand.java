package io.csgate.bench.scenario;

import io.csgate.bench.cli.RunContext;
import io.csgate.bench.cli.ScenarioCommand;
import io.csgate.bench.cli.TargetOptions;
import io.csgate.bench.http.ChannelstreamApi;
import io.csgate.bench.publish.PublishResult;
import io.csgate.bench.publish.PublishSpec;
import io.csgate.bench.publish.RatePublisher;
import io.csgate.bench.publish.RestTransport;
import io.csgate.bench.report.Report;
import io.csgate.bench.run.DurationConverter;
import io.csgate.bench.run.Limits;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Acknowledged {@code POST /message} throughput, closed loop with {@code --concurrency} requests
 * in flight, for each batch size; then, with {@code --cli-command}, the ingest CLI's throughput
 * on a JSON-lines file ({@link CliIngest}).
 */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        description = "POST /message throughput (single and batched, acknowledged), and the CLI's from a JSON-lines file.")
public final class IngestCommand extends ScenarioCommand {

    @Option(names = "--batches", defaultValue = "1,100", split = ",",
            description = "Items per request; one measured run each (default: ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "Measured time per batch size (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "2s", converter = DurationConverter.class,
            description = "Unmeasured run before each batch size (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--concurrency", defaultValue = "8", description = "Requests in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--max-messages", defaultValue = "50000000",
            description = "Stop a run after this many messages (default: ${DEFAULT-VALUE}).")
    long maxMessages;

    @Option(names = "--cli-command", paramLabel = "COMMAND",
            description = "Shell command that ingests a JSON-lines file; {file}, {count}, {channel} and {url} are"
                    + " replaced, $" + TargetOptions.SECRET_ENV + " is set. Timed from start to exit.")
    String cliCommand;

    @Option(names = "--cli-messages", defaultValue = "100000",
            description = "Lines in the file for --cli-command (default: ${DEFAULT-VALUE}).")
    int cliMessages;

    @Override
    protected void validate() {
        if (batches.isEmpty() || batches.size() > 8) {
            throw new IllegalArgumentException("--batches takes 1 to 8 sizes");
        }
        batches.forEach(b -> Limits.check("--batches", b, 1, Limits.MAX_BATCH));
        Limits.check("--duration", duration, Duration.ofMillis(100), Limits.MAX_DURATION);
        Limits.check("--warmup", warmup, Duration.ZERO, Limits.MAX_DURATION);
        Limits.check("--concurrency", concurrency, 1, Limits.MAX_CONCURRENCY);
        Limits.check("--max-messages", maxMessages, 1, Limits.MAX_MESSAGES);
        Limits.check("--cli-messages", cliMessages, 1, 50_000_000);
    }

    @Override
    protected Duration expectedLength() {
        Duration d = warmup.plus(duration).multipliedBy(batches.size());
        return cliCommand == null ? d : d.plusMinutes(5);
    }

    @Override
    protected Report run(RunContext ctx) throws InterruptedException {
        String channel = "bench-" + ctx.runId() + "-ingest";
        Report report = new Report("ingest")
                .param("url", ctx.target().base().toString()).param("batches", batches)
                .param("duration_s", duration.toMillis() / 1000.0).param("concurrency", concurrency)
                .param("channel", channel).param("run_id", ctx.runId());
        try (ChannelstreamApi api = new ChannelstreamApi(ctx.target(), ctx.secret(), concurrency,
                Duration.ofSeconds(15), ctx.deadline())) {
            // the channel must exist, or the gateway drops every message unapplied (protocol 5.8)
            api.connect("bench-" + ctx.runId() + "-ingest", List.of(channel));
            RestTransport transport = new RestTransport(api);
            for (int batch : batches) {
                ctx.progress("POST /message, " + batch + " per request, " + concurrency + " in flight: "
                        + Limits.human(warmup) + " warm-up + " + Limits.human(duration));
                run(transport, channel, batch, warmup, ctx);
                PublishResult r = run(transport, channel, batch, duration, ctx);
                String k = "b" + batch;
                report.value(k + "_msgs_per_s", "batch " + batch + ": messages/s", r.messagesPerSecond(), "msg/s")
                        .value(k + "_requests_per_s", "batch " + batch + ": requests/s", r.requestsPerSecond(), "req/s")
                        .latency(k + "_latency", "batch " + batch + ": request latency", r.requestLatency())
                        .value(k + "_errors", "batch " + batch + ": errors", r.errors(), "");
                if (r.firstError() != null) {
                    report.note("batch " + batch + " first error: " + r.firstError());
                }
            }
        }
        if (cliCommand != null) {
            new CliIngest(cliCommand, cliMessages, channel).run(ctx, report);
        }
        return report;
    }

    private PublishResult run(RestTransport transport, String channel, int batch, Duration d, RunContext ctx)
            throws InterruptedException {
        if (d.isZero()) {
            return null;
        }
        PublishSpec spec = new PublishSpec(new String[] {channel}, 0, batch, Duration.ZERO, d, concurrency, maxMessages);
        RatePublisher p = new RatePublisher(spec, transport, ctx.deadline());
        ctx.watchdog().onExpiry(p::stop);
        p.start();
        return p.await();
    }
}
