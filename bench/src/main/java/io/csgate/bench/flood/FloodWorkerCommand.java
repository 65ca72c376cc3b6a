package io.csgate.bench.flood;

import io.csgate.bench.run.Deadline;
import io.csgate.bench.run.DurationConverter;
import io.csgate.bench.run.Limits;
import io.csgate.bench.run.Target;
import io.csgate.common.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The worker side of a flood: holds one {@link HalfOpenFlood} and answers its coordinator
 * ({@link FloodProcess}) on stdout: {@code READY <json>} once every connection was tried,
 * {@code SNAPSHOT <json>} for each {@code SNAPSHOT} line on stdin, {@code DONE <json>} at
 * {@code STOP}, end of input or the deadline. Started by {@link FloodProcess}, not by people.
 */
@Command(name = "halfopen-worker", hidden = true, description = "Internal: holds half-open connections.")
public final class FloodWorkerCommand implements Callable<Integer> {

    @Option(names = "--url", required = true)
    private String url;

    @Option(names = "--count", required = true)
    private int count;

    @Option(names = "--source", description = "Local loopback address to connect from.")
    private String source;

    @Option(names = "--reopen-rate", defaultValue = "0")
    private int reopenRate;

    @Option(names = "--deadline", required = true, converter = DurationConverter.class)
    private Duration deadline;

    @Override
    public Integer call() throws Exception {
        Limits.check("--count", count, 1, Limits.MAX_SOCKETS_PER_PROCESS);
        Deadline d = Deadline.after(Limits.check("--deadline", deadline, Duration.ZERO, Limits.MAX_DEADLINE));
        Target target = Target.parse(url);
        InetSocketAddress from = source == null ? null
                : new InetSocketAddress(Target.loopback(source, "--source"), 0);
        try (HalfOpenFlood flood = new HalfOpenFlood(target.socketAddress(), from, target.hostHeader(), count,
                reopenRate)) {
            if (!flood.awaitFirstPass(d.remainingMillis())) {
                say(FloodProcess.ERROR + " deadline reached while opening");
                return 1;
            }
            // connections still in the server's accept queue look open until it gets to them and
            // refuses them: report once the closes have stopped for a second (at most 15 s)
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            long closes = -1;
            while (System.nanoTime() < until && d.remainingMillis() > 0) {
                FloodStats s = flood.stats();
                if (s.refused() + s.timedOut() == closes) {
                    break;
                }
                closes = s.refused() + s.timedOut();
                Thread.sleep(1000);
            }
            say(FloodProcess.READY + " " + Json.text(flood.stats().toJson()));
            flood.startReopening();
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(d.remainingMillis());
                } catch (InterruptedException e) {
                    return;
                }
                say(FloodProcess.DONE + " " + Json.text(flood.stats().toJson()));
                System.exit(0);
            }, "bench-flood-deadline");
            stopper.setDaemon(true);
            stopper.start();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals(FloodProcess.STOP); line = in.readLine()) {
                if (line.equals(FloodProcess.SNAPSHOT)) {
                    say(FloodProcess.SNAPSHOT + " " + Json.text(flood.stats().toJson()));
                }
            }
            say(FloodProcess.DONE + " " + Json.text(flood.stats().toJson()));
            return 0;
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
