package io.csgate.bench.flood;

import io.csgate.bench.run.Limits;
import picocli.CommandLine.Option;

/** The {@code --half-open} options of a scenario: a flood held while it measures. */
public final class FloodOptions {

    @Option(names = "--half-open", defaultValue = "0", paramLabel = "N",
            description = "Half-open websocket upgrades held during the run (first lines sent, then nothing),"
                    + " from worker processes, opened after the subscribers (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--half-open-per-process", defaultValue = "10000", paramLabel = "N",
            description = "Half-open connections per worker process (default: ${DEFAULT-VALUE}).")
    int perProcess;

    @Option(names = "--half-open-reopen-rate", defaultValue = "200", paramLabel = "N",
            description = "Connections per second and process opened again after the server closed them, as a"
                    + " persistent attacker would; 0 = never (default: ${DEFAULT-VALUE}).")
    int reopenRate;

    public void validate() {
        Limits.check("--half-open", connections, 0, Limits.MAX_SOCKETS);
        Limits.check("--half-open-per-process", perProcess, 1, Limits.MAX_SOCKETS_PER_PROCESS);
        Limits.check("--half-open-reopen-rate", reopenRate, 0, 100_000);
        Limits.check("half-open processes", processes(), 0, Limits.MAX_PROCESSES);
    }

    public boolean enabled() {
        return connections > 0;
    }

    public int connections() {
        return connections;
    }

    public int processes() {
        return (connections + perProcess - 1) / perProcess;
    }

    public int reopenRate() {
        return reopenRate;
    }
}
