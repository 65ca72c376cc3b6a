package io.csgate.bench.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command the bench starts ({@code /bin/sh -c <command>}: a gateway, the ingest CLI), with its
 * output in a log file. {@link #close()} stops it and everything it started: SIGTERM to the tree,
 * then SIGKILL after {@link #STOP_WAIT}. Register {@link #kill()} with the watchdog so that a
 * deadline never leaves it behind.
 */
public final class ChildProcess implements AutoCloseable {

    public static final Duration STOP_WAIT = Duration.ofSeconds(15);

    private final Process process;
    private final String command;

    private ChildProcess(Process process, String command) {
        this.process = process;
        this.command = command;
    }

    public static ChildProcess start(String command, Map<String, String> env, Path log) {
        ProcessBuilder pb = new ProcessBuilder(List.of("/bin/sh", "-c", command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            return new ChildProcess(p, command);
        } catch (IOException e) {
            throw new BenchException("cannot start '" + command + "': " + e.getMessage(), e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the exit; false when still running after {@code timeout}. */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
    }

    public int exitCode() {
        return process.exitValue();
    }

    @Override
    public void close() {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        long end = System.nanoTime() + STOP_WAIT.toNanos();
        try {
            for (ProcessHandle h : tree) {
                h.onExit().get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            process.waitFor(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("bench: '" + command + "' did not stop within " + STOP_WAIT.toSeconds() + " s; killing it");
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        kill();
    }

    /** SIGKILL to the process and its descendants, at once. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
