package io.csgate.bench.cluster;

import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.Deadline;
import io.csgate.bench.subscriber.GroupSnapshot;
import io.csgate.common.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A worker JVM holding one range of subscribers, seen from the coordinator. Owns the process and
 * one daemon thread that reads its stdout into a queue; stderr goes straight to ours. Every wait
 * is bounded by the run's deadline; {@link #close()} is bounded by {@link #STOP_WAIT}, after
 * which the process (and anything it started) is killed.
 */
final class WorkerProcess implements SocketGroup {

    static final Duration STOP_WAIT = Duration.ofSeconds(15);
    private static final String EOF = "\u0000eof";

    private final int index;
    private final Process process;
    private final Writer stdin;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Deadline deadline;

    WorkerProcess(int index, List<String> command, String secret, Deadline deadline) {
        this.index = index;
        this.deadline = deadline;
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put(WorkerProtocol.SECRET_ENV, secret);
        try {
            this.process = pb.start();
        } catch (IOException e) {
            throw new BenchException("cannot start worker process " + index + ": " + e.getMessage(), e);
        }
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::read, "bench-worker-" + index + "-out");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                lines.add(l);
            }
        } catch (IOException ignored) {
            // the process went away; EOF below says so
        }
        lines.add(EOF);
    }

    @Override
    public void awaitOpen() throws InterruptedException {
        expect(WorkerProtocol.READY, deadline.remainingNanos());
    }

    @Override
    public void requestSnapshot(boolean gc) {
        send(gc ? WorkerProtocol.SNAPSHOT_GC : WorkerProtocol.SNAPSHOT);
    }

    @Override
    public GroupSnapshot awaitSnapshot() throws InterruptedException {
        return parse(expect(WorkerProtocol.SNAPSHOT, deadline.remainingNanos()));
    }

    private GroupSnapshot parse(String json) {
        try {
            return GroupSnapshot.fromJson(Json.parse(json));
        } catch (IOException | RuntimeException e) {
            throw new BenchException("worker " + index + " sent a bad snapshot: " + e.getMessage(), e);
        }
    }

    private String expect(String verb, long timeoutNanos) throws InterruptedException {
        long end = System.nanoTime() + Math.max(0, timeoutNanos);
        while (true) {
            String line = lines.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                deadline.check("waiting for worker " + index + " (" + verb + ")");
                throw new BenchException("worker " + index + " did not send " + verb + " in time");
            }
            if (line.equals(EOF)) {
                String code = process.waitFor(2, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "?";
                throw new BenchException("worker " + index + " exited (code " + code + ") before " + verb);
            }
            String error = WorkerProtocol.payload(line, WorkerProtocol.ERROR);
            if (error != null) {
                throw new BenchException("worker " + index + ": " + error);
            }
            String payload = WorkerProtocol.payload(line, verb);
            if (payload != null) {
                return payload;
            }
            System.err.println("bench: worker " + index + " said: " + line);
        }
    }

    private void send(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new BenchException("worker " + index + " is gone (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        try {
            send(WorkerProtocol.STOP);
            stdin.close();
            expect(WorkerProtocol.DONE, STOP_WAIT.toNanos());
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (BenchException | IOException e) {
            System.err.println("bench: stopping worker " + index + ": " + e.getMessage());
        } finally {
            kill();
        }
    }

    @Override
    public void kill() {
        if (process.isAlive() || process.descendants().findAny().isPresent()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
