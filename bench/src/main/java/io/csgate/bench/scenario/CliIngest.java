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
import java.util.Map;

/**
 * Times an external ingest command on a generated JSON-lines file of {@code POST /message} items:
 * from start to a zero exit. The file and the command's log live in a temporary folder; the log
 * is kept when the command fails.
 */
final class CliIngest {

    private final String command;
    private final int messages;
    private final String channel;

    CliIngest(String command, int messages, String channel) {
        this.command = command;
        this.messages = messages;
        this.channel = channel;
    }

    void run(RunContext ctx, Report report) throws InterruptedException {
        Path dir;
        Path file;
        try {
            dir = Files.createTempDirectory("csgate-bench-cli-");
            file = dir.resolve("messages.jsonl");
            write(file);
        } catch (IOException e) {
            throw new BenchException("cannot write the JSON-lines file: " + e.getMessage(), e);
        }
        Path log = dir.resolve("cli.log");
        String cmd = command.replace("{file}", file.toString()).replace("{count}", Integer.toString(messages))
                .replace("{channel}", channel).replace("{url}", ctx.target().base().toString());
        ctx.progress("running the CLI on " + messages + " lines: " + cmd);
        long t0 = System.nanoTime();
        ChildProcess child = ChildProcess.start(cmd, Map.of(TargetOptions.SECRET_ENV, ctx.secret()), log);
        ctx.watchdog().onExpiry(child::kill);
        try {
            if (!child.waitFor(ctx.deadline().cap(java.time.Duration.ofDays(1)))) {
                throw new BenchException("the CLI command did not finish before the deadline; log: " + log);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (child.exitCode() != 0) {
                throw new BenchException("the CLI command exited with " + child.exitCode() + "; log: " + log);
            }
            report.param("cli_command", command)
                    .value("cli_messages", "CLI messages", messages, "")
                    .value("cli_seconds", "CLI wall time (JVM start included)", seconds, "s")
                    .value("cli_msgs_per_s", "CLI messages/s", messages / seconds, "msg/s");
            Files.deleteIfExists(file);
            Files.deleteIfExists(log);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            report.note("could not clean up " + dir + ": " + e.getMessage());
        } finally {
            child.close();
        }
    }

    private void write(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < messages; i++) {
                w.write("{\"channel\":\"" + channel + "\",\"user\":\"bench-cli\",\"message\":"
                        + Stamp.payload(MicroClock.now(), i) + "}\n");
            }
        }
    }
}
