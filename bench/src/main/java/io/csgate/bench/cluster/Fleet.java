package io.csgate.bench.cluster;

import io.csgate.bench.run.Deadline;
import io.csgate.bench.run.Target;
import io.csgate.bench.run.Watchdog;
import io.csgate.bench.subscriber.GroupSnapshot;
import io.csgate.bench.subscriber.SubscriberPool;
import io.csgate.bench.subscriber.SubscriberSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * All subscribers of a run, in this process or spread over worker processes
 * ({@link FleetSpec#workerCount()}); snapshots are merged across them. Not thread-safe: driven by
 * the scenario's thread (the watchdog may {@link #kill()} it from its own).
 */
public final class Fleet implements AutoCloseable {

    static final String MAIN_CLASS = "io.csgate.bench.BenchMain";

    private final FleetSpec spec;
    private final List<SocketGroup> groups = new ArrayList<>();

    private Fleet(FleetSpec spec) {
        this.spec = spec;
    }

    /** Starts the groups (worker processes begin connecting at once); see {@link #awaitOpen()}. */
    public static Fleet start(FleetSpec spec, Target target, String secret, Deadline deadline, Watchdog watchdog) {
        Fleet fleet = new Fleet(spec);
        watchdog.onExpiry(fleet::kill);
        int workers = spec.workerCount();
        if (workers == 0) {
            SubscriberPool pool = new SubscriberPool(target, secret, spec.range(0, spec.subscribers()), deadline);
            fleet.groups.add(new LocalGroup(pool, spec.measureHeap()));
            return fleet;
        }
        try {
            for (int w = 0; w < workers; w++) {
                int first = (int) ((long) spec.subscribers() * w / workers);
                int end = (int) ((long) spec.subscribers() * (w + 1) / workers);
                List<String> cmd = workerCommand(spec, spec.range(first, end - first), target, deadline);
                fleet.groups.add(new WorkerProcess(w, cmd, secret, deadline));
            }
        } catch (RuntimeException e) {
            fleet.kill();
            throw e;
        }
        return fleet;
    }

    static List<String> workerCommand(FleetSpec fleet, SubscriberSpec range, Target target, Deadline deadline) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-Xms64m", "-Xmx" + fleet.workerHeap(),
                "-XX:+UseSerialGC", "-Xss512k", "-cp", System.getProperty("java.class.path"), MAIN_CLASS, "worker",
                "--url", target.base().toString(),
                "--run-id", range.runId(),
                "--first", Integer.toString(range.first()),
                "--count", Integer.toString(range.count()),
                "--channels", Integer.toString(range.channels()),
                "--connect-concurrency", Integer.toString(range.concurrency()),
                "--io-threads", Integer.toString(range.ws().ioThreads()),
                "--client-heartbeat", range.ws().heartbeat().toMillis() + "ms",
                "--handshake-timeout", range.ws().handshakeTimeout().toMillis() + "ms",
                "--deadline", deadline.remainingMillis() + "ms"));
        if (fleet.measureHeap()) {
            cmd.add("--measure-heap");
        }
        return cmd;
    }

    public int processes() {
        return spec.workerCount();
    }

    /** Waits until every group has opened its subscribers (or failed trying). */
    public void awaitOpen() throws InterruptedException {
        for (SocketGroup g : groups) {
            g.awaitOpen();
        }
    }

    /** The merged snapshot of all groups; with {@code gc}, heap figures too. */
    public GroupSnapshot snapshot(boolean gc) throws InterruptedException {
        for (SocketGroup g : groups) {
            g.requestSnapshot(gc);
        }
        GroupSnapshot merged = null;
        for (SocketGroup g : groups) {
            GroupSnapshot s = g.awaitSnapshot();
            merged = merged == null ? s : GroupSnapshot.merge(merged, s);
        }
        return merged;
    }

    /** Subscribers per channel that opened, from a snapshot's failures. */
    public long[] openPerChannel(GroupSnapshot s) {
        long[] n = SubscriberSpec.perChannel(spec.subscribers(), spec.channels());
        for (int c : s.failedChannels()) {
            n[c]--;
        }
        return n;
    }

    /** Closes every group, in parallel (each is bounded). */
    @Override
    public void close() {
        List<Thread> closers = new ArrayList<>();
        for (SocketGroup g : groups) {
            Thread t = new Thread(g::close, "bench-fleet-close");
            t.setDaemon(true);
            t.start();
            closers.add(t);
        }
        boolean interrupted = Thread.interrupted();
        for (Thread t : closers) {
            try {
                t.join(WorkerProcess.STOP_WAIT.plusSeconds(10).toMillis());
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        for (SocketGroup g : groups) {
            if (g instanceof WorkerProcess) {
                g.kill();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every group at once (the watchdog's way out). */
    public void kill() {
        for (SocketGroup g : groups) {
            g.kill();
        }
    }
}
