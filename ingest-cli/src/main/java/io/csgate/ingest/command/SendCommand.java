package io.csgate.ingest.command;

import io.csgate.common.sign.RecordSigner;
import io.csgate.ingest.ExitCode;
import io.csgate.ingest.IngestContext;
import io.csgate.ingest.IngestException;
import io.csgate.ingest.IngestMain;
import io.csgate.ingest.config.ConnectionOptions;
import io.csgate.ingest.config.Settings;
import io.csgate.ingest.kafka.Deliveries;
import io.csgate.ingest.kafka.DryRunSink;
import io.csgate.ingest.kafka.EventSink;
import io.csgate.ingest.kafka.KafkaSink;
import io.csgate.ingest.stream.Counts;
import io.csgate.ingest.stream.Progress;
import io.csgate.ingest.stream.ProgressBar;
import io.csgate.ingest.stream.Streamer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ingest send}: JSON lines from a file or stdin, each a message item or a full envelope.
 * A file is validated whole before anything is sent: with an invalid line nothing is sent, unless
 * {@code --skip-invalid}. Standard input (or a pipe) is sent as it arrives: sending stops at its
 * first invalid line, unless {@code --skip-invalid}. Invalid lines are reported with their
 * numbers; one summary line goes to stdout at the end (with a progress bar on stderr before, on a
 * terminal).
 */
@Command(name = "send", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Send JSON lines from FILE or standard input. Each line is a message item (the item of"
                + " POST /message) or a full envelope {\"op\": ..., \"body\": ...} (docs/producers.md).",
            "Items are batched into message events in input order. A FILE is checked whole first: if any line"
                + " is invalid, the invalid lines are listed with their numbers and nothing is sent (exit 3).",
            "Standard input (and a FILE that is a pipe) is sent as it arrives, so it cannot be checked first:"
                + " sending stops at its first invalid line, the lines before it being sent (exit 3).",
            "--skip-invalid sends the valid lines in both cases and reports the invalid ones (exit 3)."
                + " Sending stops at the first record Kafka does not acknowledge (exit 1)."})
public final class SendCommand implements Callable<Integer> {

    /** When to draw a progress bar. */
    public enum ProgressMode { AUTO, ALWAYS, NEVER }

    @ParentCommand
    IngestMain root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "JSON-lines file; '-' or none: standard input")
    String file;

    @Option(names = "--batch", defaultValue = "100", paramLabel = "N", order = 1,
            description = "message items per record (default ${DEFAULT-VALUE}); a record keeps input order")
    int batch;

    @Option(names = "--rate", paramLabel = "N", order = 2,
            description = "at most N messages per second (default: as fast as Kafka acknowledges)")
    double rate;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "WHEN", order = 3,
            description = "progress bar on stderr: auto (on a terminal), always or never (default ${DEFAULT-VALUE})",
            converter = ProgressModeConverter.class)
    ProgressMode progress;

    @Option(names = "--show-invalid", defaultValue = "100", paramLabel = "N", order = 4,
            description = "report at most N invalid lines one by one, then only count them (0: all;"
                    + " default ${DEFAULT-VALUE})")
    int showInvalid;

    @Option(names = "--skip-invalid", order = 5,
            description = "send the valid lines even when some are invalid; the invalid ones are reported and"
                    + " skipped")
    boolean skipInvalid;

    @Option(names = "--threads", paramLabel = "N", order = 6,
            description = "threads parsing, validating and signing (default: the number of CPUs)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        if (batch < 1 || threads < 1 || rate < 0 || showInvalid < 0) {
            throw IngestException.usage(
                    "--batch and --threads must be at least 1, --rate and --show-invalid at least 0");
        }
        IngestContext context = root.context();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        Settings settings = connection.resolve(context.env(), w -> err.println(name + ": warning: " + w));
        boolean bar = progress == ProgressMode.ALWAYS || (progress == ProgressMode.AUTO && context.terminal());
        boolean streamed = stdin() || !Files.isRegularFile(Path.of(file));
        if (!stdin()) {
            requireReadable(Path.of(file));
        }
        RecordSigner signer = connection.dryRun() ? null : connection.signer(settings);
        ExecutorService pool = Executors.newFixedThreadPool(threads, encoderThreads());
        Streamer.Result result;
        try {
            if (!skipInvalid && !streamed && !connection.dryRun()) {
                Streamer.Result check = run(new DryRunSink(), null, pool, false,
                        bar ? new ProgressBar(err, System::nanoTime, "checked") : Progress.none(err));
                if (check.counts().invalid() > 0) {
                    out.println(String.format(Locale.ROOT, "%d invalid lines in %s: nothing sent (%d valid messages;"
                            + " --skip-invalid sends them)", check.counts().invalid(), file, check.counts().valid()));
                    out.flush();
                    return ExitCode.INVALID_INPUT;
                }
            }
            try (EventSink sink = connection.dryRun() ? new DryRunSink()
                    : KafkaSink.open(context.producers(), settings, connection.timeout(), connection.connectTimeout())) {
                result = run(sink, signer, pool, !skipInvalid && !connection.dryRun(),
                        bar ? new ProgressBar(err, System::nanoTime) : Progress.none(err));
            }
        } finally {
            pool.shutdownNow();
        }
        out.println(summary(result, settings));
        out.flush();
        return exitCode(result, err, name);
    }

    /** One pass over the input into {@code sink}; the summary on Ctrl-C. */
    private Streamer.Result run(EventSink sink, RecordSigner signer, ExecutorService pool, boolean stopAtInvalid,
                                Progress shown) {
        PrintWriter err = spec.commandLine().getErr();
        try (InputStream in = open(root.context())) {
            Thread hook = signer == null && !connection.dryRun()
                    ? new Thread(() -> {
                        err.println(System.lineSeparator() + spec.qualifiedName() + ": interrupted while checking '"
                                + file + "': nothing was sent");
                        err.flush();
                    }, "ingest-interrupted")
                    : interruptReport(sink, err, spec.qualifiedName());
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                return new Streamer(sink, signer, pool, threads,
                        new Streamer.Options(batch, rate, showInvalid, stopAtInvalid), shown, Clock.systemUTC(),
                        System::nanoTime).run(in, size());
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it reports
                }
            }
        } catch (IOException e) {
            throw IngestException.usage("cannot read " + (stdin() ? "standard input" : "'" + file + "'") + ": "
                    + e.getMessage());
        }
    }

    /**
     * On Ctrl-C (or SIGTERM) records already handed to the producer still get their
     * acknowledgements, and the user hears the counts; the rest of the input is not sent.
     */
    private static Thread interruptReport(EventSink sink, PrintWriter err, String name) {
        return new Thread(() -> {
            try {
                sink.flush();
            } catch (RuntimeException closing) {
                // the producer is closing: the counts below are final anyway
            }
            Deliveries d = sink.deliveries();
            err.println(System.lineSeparator() + name + ": interrupted: " + d.messagesAcked() + " messages acknowledged, "
                    + d.messagesFailed() + " failed, " + (d.messagesSent() - d.messagesAcked() - d.messagesFailed())
                    + " unconfirmed; the rest of the input was not sent");
            err.flush();
        }, "ingest-interrupted");
    }

    /** Daemon threads: a failed run never keeps the JVM alive. */
    private static ThreadFactory encoderThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "ingest-encoder-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Before Kafka is contacted: a FILE that cannot be read is a usage error (exit 2). */
    private void requireReadable(Path path) {
        if (!Files.exists(path)) {
            throw IngestException.usage("cannot read '" + file + "': no such file");
        }
        if (Files.isDirectory(path)) {
            throw IngestException.usage("cannot read '" + file + "': a directory");
        }
        if (!Files.isReadable(path)) {
            throw IngestException.usage("cannot read '" + file + "': permission denied");
        }
    }

    private boolean stdin() {
        return file == null || file.equals("-");
    }

    private InputStream open(IngestContext context) {
        if (stdin()) {
            return context.stdin();
        }
        Path path = Path.of(file);
        try {
            return Files.newInputStream(path);
        } catch (IOException e) {
            throw IngestException.usage("cannot read '" + file + "': " + (Files.exists(path) ? e.getMessage()
                    : "no such file"));
        }
    }

    private long size() {
        if (stdin()) {
            return -1;
        }
        try {
            return Files.size(Path.of(file));
        } catch (IOException e) {
            return -1;
        }
    }

    private String summary(Streamer.Result r, Settings settings) {
        Counts c = r.counts();
        Deliveries d = r.deliveries();
        double seconds = c.elapsedNanos() / 1e9;
        if (connection.dryRun()) {
            return String.format(Locale.ROOT, "dry run: %d valid messages in %d records, %d invalid lines;"
                    + " nothing produced (%.2f s, %.0f msg/s)", c.valid(), d.recordsSent(), c.invalid(), seconds,
                    c.rate());
        }
        String invalid = r.stoppedAtInvalid()
                ? "stopped at invalid line " + r.firstUnsentLine()
                : c.invalid() + " invalid lines skipped";
        return String.format(Locale.ROOT, "sent %d messages in %d records to %s: %d acknowledged, %d failed;"
                        + " %s (%.2f s, %.0f msg/s)", d.messagesSent(), d.recordsSent(), settings.topic(),
                d.messagesAcked(), d.messagesFailed(), invalid, seconds, c.rate());
    }

    private static int exitCode(Streamer.Result r, PrintWriter err, String name) {
        Deliveries d = r.deliveries();
        if (d.anyFailed()) {
            StringBuilder b = new StringBuilder(name).append(": not acknowledged: ").append(d.firstError());
            if (d.firstFailedLine() > 0) {
                b.append("; first unacknowledged line ").append(d.firstFailedLine());
            }
            if (r.firstUnsentLine() > 0) {
                b.append("; stopped sending: lines from ").append(r.firstUnsentLine()).append(" on were not sent");
            }
            err.println(b);
            err.flush();
            return ExitCode.NOT_DELIVERED;
        }
        if (r.stoppedAtInvalid()) {
            err.println(name + ": stopped at invalid line " + r.firstUnsentLine() + ": the lines before it were sent,"
                    + " the lines from it on were not (--skip-invalid skips invalid lines instead)");
            err.flush();
        }
        return r.counts().invalid() > 0 ? ExitCode.INVALID_INPUT : ExitCode.OK;
    }
}
