package io.csgate.bench.cli;

import io.csgate.bench.cluster.FleetSpec;
import io.csgate.bench.run.DurationConverter;
import io.csgate.bench.run.Limits;
import io.csgate.bench.ws.WsClientConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How subscribers connect and how they are spread over processes. */
public final class FleetOptions {

    @Option(names = "--per-process", defaultValue = "15000", paramLabel = "N",
            description = "Most sockets one process holds (at most 15000: the open-file limit is 20000);"
                    + " more subscribers are spread over worker processes (default: ${DEFAULT-VALUE}).")
    int perProcess;

    @Option(names = "--processes", defaultValue = "0", paramLabel = "N",
            description = "Worker processes; 0 = this process when the sockets fit, else as few as needed.")
    int processes;

    @Option(names = "--connect-concurrency", defaultValue = "16", paramLabel = "N",
            description = "Subscribers connecting at once, per process (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--io-threads", defaultValue = "1", paramLabel = "N",
            description = "Selector threads of the websocket client, per process (default: ${DEFAULT-VALUE}).")
    int ioThreads;

    @Option(names = "--client-heartbeat", defaultValue = "10s", converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "Interval of the client's {\"type\":\"heartbeat\"} frames, as the JS client sends;"
                    + " 0 = none (default: ${DEFAULT-VALUE}).")
    Duration heartbeat;

    @Option(names = "--handshake-timeout", defaultValue = "10s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Websocket upgrade timeout (default: ${DEFAULT-VALUE}).")
    Duration handshakeTimeout;

    @Option(names = "--worker-heap", defaultValue = "512m", paramLabel = "SIZE",
            description = "-Xmx of worker processes (default: ${DEFAULT-VALUE}).")
    String workerHeap;

    /** Validates against {@link Limits} and builds the spec. */
    public FleetSpec spec(String runId, int subscribers, int channels, boolean measureHeap) {
        Limits.check("subscribers", subscribers, 1, Limits.MAX_SOCKETS);
        Limits.check("--channels", channels, 1, Math.min(subscribers, Limits.MAX_CHANNELS));
        Limits.check("--per-process", perProcess, 1, Limits.MAX_SOCKETS_PER_PROCESS);
        Limits.check("--processes", processes, 0, Limits.MAX_PROCESSES);
        Limits.check("--connect-concurrency", concurrency, 1, Limits.MAX_CONCURRENCY);
        Limits.check("--io-threads", ioThreads, 1, Limits.MAX_IO_THREADS);
        Limits.check("--client-heartbeat", heartbeat, Duration.ZERO, Duration.ofMinutes(5));
        Limits.check("--handshake-timeout", handshakeTimeout, Duration.ofMillis(100), Duration.ofMinutes(2));
        if (!workerHeap.matches("\\d+[mMgG]")) {
            throw new IllegalArgumentException("--worker-heap must look like 512m or 2g, got " + workerHeap);
        }
        FleetSpec spec = new FleetSpec(runId, subscribers, channels, perProcess, processes, concurrency,
                WsClientConfig.defaults().withIoThreads(ioThreads).withHeartbeat(heartbeat)
                        .withHandshakeTimeout(handshakeTimeout), workerHeap, measureHeap);
        int workers = spec.workerCount();
        if (workers > Limits.MAX_PROCESSES) {
            throw new IllegalArgumentException(subscribers + " subscribers need " + workers
                    + " processes of at most " + perProcess + " sockets; the cap is " + Limits.MAX_PROCESSES);
        }
        if (workers > 0 && (subscribers + workers - 1) / workers > perProcess) {
            throw new IllegalArgumentException(subscribers + " subscribers over --processes " + workers
                    + " is more than --per-process " + perProcess + " in one process");
        }
        return spec;
    }

    /** A rough upper bound for opening {@code subscribers}, for default deadlines. */
    public Duration openAllowance(int subscribers) {
        return Duration.ofSeconds(30 + subscribers / 200);
    }
}
