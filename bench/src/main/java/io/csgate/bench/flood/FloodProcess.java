package io.csgate.bench.flood;

import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.Deadline;
import io.csgate.bench.run.Target;
import io.csgate.common.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link FloodWorkerCommand} process seen from the scenario: started with its share of the
 * connections, read line by line by one daemon thread. Every wait is bounded by the run's deadline;
 * {@link #close()} ends the process (and its sockets) within a few seconds.
 */
public final class FloodProcess implements AutoCloseable {

    static final String READY = "READY";
    static final String SNAPSHOT = "SNAPSHOT";
    static final String DONE = "DONE";
    static final String ERROR = "ERROR";
    static final String STOP = "STOP";
    private static final String EOF = "\u0000eof";

    private final int index;
    private final Process process;
    private final Writer stdin;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Deadline deadline;

    private FloodProcess(int index, Process process, Deadline deadline) {
        this.index = index;
        this.process = process;
        this.deadline = deadline;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::read, "bench-flood-" + index + "-out");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code processes} workers sharing {@code connections}; worker {@code i} connects from
     * 127.0.2.(i+1), so the flood's ephemeral ports do not crowd the bench's own.
     */
    public static List<FloodProcess> start(Target target, int connections, int processes, int reopenRate,
                                           Deadline deadline) {
        List<FloodProcess> all = new ArrayList<>();
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        try {
            for (int i = 0; i < processes; i++) {
                int n = (int) ((long) connections * (i + 1) / processes - (long) connections * i / processes);
                List<String> cmd = List.of(java, "-Xms32m", "-Xmx128m", "-XX:+UseSerialGC", "-cp",
                        System.getProperty("java.class.path"), "io.csgate.bench.BenchMain", "halfopen-worker",
                        "--url", target.base().toString(), "--count", Integer.toString(n),
                        "--source", "127.0.2." + (i + 1), "--reopen-rate", Integer.toString(reopenRate),
                        "--deadline", deadline.remainingMillis() + "ms");
                Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                all.add(new FloodProcess(i, p, deadline));
            }
        } catch (IOException e) {
            all.forEach(FloodProcess::close);
            throw new BenchException("cannot start a flood process: " + e.getMessage(), e);
        }
        return all;
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                lines.add(l);
            }
        } catch (IOException ignored) {
            // the process went away; EOF says so
        }
        lines.add(EOF);
    }

    /** Waits until every connection of this worker has been tried once. */
    public FloodStats awaitReady() throws InterruptedException {
        return expect(READY);
    }

    public FloodStats snapshot() throws InterruptedException {
        send(SNAPSHOT);
        return expect(SNAPSHOT);
    }

    /** The sum over {@code all} of a fresh snapshot. */
    public static FloodStats snapshot(List<FloodProcess> all) throws InterruptedException {
        FloodStats sum = FloodStats.NONE;
        for (FloodProcess p : all) {
            sum = sum.plus(p.snapshot());
        }
        return sum;
    }

    private FloodStats expect(String verb) throws InterruptedException {
        while (true) {
            String line = lines.poll(Math.max(1, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
            if (line == null) {
                deadline.check("waiting for flood process " + index + " (" + verb + ")");
                throw new BenchException("flood process " + index + " did not send " + verb + " in time");
            }
            if (line.equals(EOF)) {
                throw new BenchException("flood process " + index + " exited before " + verb);
            }
            if (line.startsWith(ERROR + " ")) {
                throw new BenchException("flood process " + index + ": " + line.substring(ERROR.length() + 1));
            }
            if (line.startsWith(verb + " ")) {
                try {
                    return FloodStats.fromJson(Json.parse(line.substring(verb.length() + 1)));
                } catch (IOException e) {
                    throw new BenchException("flood process " + index + " sent a bad line: " + line, e);
                }
            }
        }
    }

    private void send(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new BenchException("flood process " + index + " is gone (" + e.getMessage() + ")", e);
        }
    }

    /** Stops the worker; its sockets close with it. */
    @Override
    public void close() {
        try {
            stdin.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
