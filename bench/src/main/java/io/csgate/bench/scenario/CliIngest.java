package io.csgate.bench.scenario;

import io.csgate.bench.cli.RunContext;
import io.csgate.bench.cli.TargetOptions;
import io.csgate.bench.latency.MicroClock;
import io.csgate.bench.latency.Stamp;
import io.csgate.bench.report.Report;
import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.ChildProcess;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Times an external ingest command on a generated JSON-lines file of {@code POST /message} items:
 * from start to a zero exit. Line {@code i} goes to channel {@code i mod channels} and carries the
 * bench stamp with seq {@code i} (its time is when the file was written, so only order and counts
 * mean something at the receiving end, not latency). The file and the command's log live in a
 * temporary folder; the log is kept when the command fails.
 */
final class CliIngest {

    private final String command;
    private final int messages;
    private final String[] channels;
    private final int padBytes;
    private Path dir;
    private Path file;

    CliIngest(String command, int messages, String channel) {
        this(command, messages, new String[] {channel}, 0);
    }

    /**
     * @param padBytes extra bytes of text in each message ({@code "pad"}), to set its size
     */
    CliIngest(String command, int messages, String[] channels, int padBytes) {
        this.command = command;
        this.messages = messages;
        this.channels = channels;
        this.padBytes = padBytes;
    }

    /** Writes the file (not timed). */
    void prepare() {
        try {
            dir = Files.createTempDirectory("csgate-bench-cli-");
            file = dir.resolve("messages.jsonl");
            write(file);
        } catch (IOException e) {
            throw new BenchException("cannot write the JSON-lines file: " + e.getMessage(), e);
        }
    }

    /** Writes the file, runs the command and reports its time. */
    void run(RunContext ctx, Report report) throws InterruptedException {
        prepare();
        double seconds = send(ctx);
        report.param("cli_command", command)
                .value("cli_messages", "CLI messages", messages, "")
                .value("cli_seconds", "CLI wall time (JVM start included)", seconds, "s")
                .value("cli_msgs_per_s", "CLI messages/s", messages / seconds, "msg/s");
    }

    /** Runs the command on the prepared file; returns its wall time in seconds (JVM start included). */
    double send(RunContext ctx) throws InterruptedException {
        if (file == null) {
            prepare();
        }
        Path log = dir.resolve("cli.log");
        String cmd = command.replace("{file}", file.toString()).replace("{count}", Integer.toString(messages))
                .replace("{channel}", channels[0]).replace("{url}", ctx.target().base().toString());
        ctx.progress("running the CLI on " + messages + " lines: " + cmd);
        long t0 = System.nanoTime();
        ChildProcess child = ChildProcess.start(cmd, Map.of(TargetOptions.SECRET_ENV, ctx.secret()), log);
        ctx.watchdog().onExpiry(child::kill);
        try {
            if (!child.waitFor(ctx.deadline().cap(Duration.ofDays(1)))) {
                throw new BenchException("the CLI command did not finish before the deadline; log: " + log);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (child.exitCode() != 0) {
                throw new BenchException("the CLI command exited with " + child.exitCode() + "; log: " + log);
            }
            try {
                Files.deleteIfExists(file);
                Files.deleteIfExists(log);
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                ctx.progress("could not clean up " + dir + ": " + e.getMessage());
            }
            return seconds;
        } finally {
            child.close();
        }
    }

    private void write(Path file) throws IOException {
        String pad = padBytes > 0 ? ",\"pad\":\"" + "p".repeat(padBytes) + "\"" : "";
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < messages; i++) {
                String stamp = Stamp.payload(MicroClock.now(), i);
                w.write("{\"channel\":\"" + channels[i % channels.length] + "\",\"user\":\"bench-cli\",\"message\":"
                        + stamp.substring(0, stamp.length() - 1) + pad + "}}\n");
            }
        }
    }
}
