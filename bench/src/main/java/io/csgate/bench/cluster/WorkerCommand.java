package io.csgate.bench.cluster;

import io.csgate.bench.BenchCommand;
import io.csgate.bench.run.Deadline;
import io.csgate.bench.run.DurationConverter;
import io.csgate.bench.run.Limits;
import io.csgate.bench.run.Target;
import io.csgate.bench.run.Watchdog;
import io.csgate.bench.subscriber.GroupSnapshot;
import io.csgate.bench.subscriber.SubscriberPool;
import io.csgate.bench.subscriber.SubscriberSpec;
import io.csgate.bench.ws.WsClientConfig;
import io.csgate.common.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The worker side of {@link WorkerProtocol}: opens one range of subscribers and answers the
 * coordinator on stdout until told to stop, stdin ends, or its deadline passes. Started by
 * {@link Fleet}, not by people.
 */
@Command(name = "worker", hidden = true, description = "Internal: holds a range of subscribers for a coordinator.")
public final class WorkerCommand implements Callable<Integer> {

    @ParentCommand
    private BenchCommand root;

    @Option(names = "--url", required = true)
    private String url;

    @Option(names = "--run-id", required = true)
    private String runId;

    @Option(names = "--first", required = true)
    private int first;

    @Option(names = "--count", required = true)
    private int count;

    @Option(names = "--channels", required = true)
    private int channels;

    @Option(names = "--connect-concurrency", defaultValue = "8")
    private int concurrency;

    @Option(names = "--io-threads", defaultValue = "1")
    private int ioThreads;

    @Option(names = "--client-heartbeat", defaultValue = "10s", converter = DurationConverter.class)
    private Duration heartbeat;

    @Option(names = "--handshake-timeout", defaultValue = "10s", converter = DurationConverter.class)
    private Duration handshakeTimeout;

    @Option(names = "--deadline", required = true, converter = DurationConverter.class)
    private Duration deadline;

    @Option(names = "--measure-heap")
    private boolean measureHeap;

    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        String secret = System.getenv(WorkerProtocol.SECRET_ENV);
        if (secret == null) {
            say(WorkerProtocol.ERROR + " " + WorkerProtocol.SECRET_ENV + " is not set");
            return 1;
        }
        Limits.check("--count", count, 1, Limits.MAX_SOCKETS_PER_PROCESS);
        Deadline d = Deadline.after(Limits.check("--deadline", deadline, Duration.ZERO, Limits.MAX_DEADLINE));
        WsClientConfig ws = WsClientConfig.defaults().withIoThreads(ioThreads).withHeartbeat(heartbeat)
                .withHandshakeTimeout(handshakeTimeout);
        SubscriberSpec spec = new SubscriberSpec(runId, first, count, channels, concurrency, ws);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        try (Watchdog watchdog = new Watchdog(d, err, root == null || root.hardExit());
             SubscriberPool pool = new SubscriberPool(Target.parse(url), secret, spec, d)) {
            watchdog.onExpiry(pool::close);
            pool.open(measureHeap);
            say(WorkerProtocol.READY + " " + json(pool.snapshot(false)));
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals(WorkerProtocol.STOP); line = in.readLine()) {
                if (line.equals(WorkerProtocol.SNAPSHOT) || line.equals(WorkerProtocol.SNAPSHOT_GC)) {
                    say(WorkerProtocol.SNAPSHOT + " " + json(pool.snapshot(line.equals(WorkerProtocol.SNAPSHOT_GC))));
                }
            }
            GroupSnapshot last = pool.snapshot(false);
            pool.close();
            say(WorkerProtocol.DONE + " " + json(last));
            return 0;
        } catch (Exception e) {
            say(WorkerProtocol.ERROR + " " + String.valueOf(e.getMessage()).replace('\n', ' '));
            return 1;
        }
    }

    private static String json(GroupSnapshot s) {
        return Json.text(s.toJson());
    }

    private synchronized void say(String line) {
        out.println(line);
        out.flush();
    }
}
