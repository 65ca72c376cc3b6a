package io.csgate.bench.cluster;

import io.csgate.bench.subscriber.SubscriberSpec;
import io.csgate.bench.ws.WsClientConfig;

/**
 * How many subscribers, and how they are spread over processes.
 *
 * @param subscribers all subscribers of the run
 * @param perProcess most sockets one process holds
 * @param processes worker processes; 0 = in this process when {@code subscribers <= perProcess},
 *     else as few workers as the cap allows
 * @param concurrency subscribers connecting at once, per process
 * @param workerHeap {@code -Xmx} of worker JVMs, e.g. {@code 512m}
 * @param measureHeap measure client heap per socket (a GC before opening and at gc snapshots)
 */
public record FleetSpec(String runId, int subscribers, int channels, int perProcess, int processes, int concurrency,
                        WsClientConfig ws, String workerHeap, boolean measureHeap) {

    /** Worker processes this spec needs; 0 means in process. */
    public int workerCount() {
        if (processes > 0) {
            return processes;
        }
        return subscribers <= perProcess ? 0 : (subscribers + perProcess - 1) / perProcess;
    }

    SubscriberSpec range(int first, int count) {
        return new SubscriberSpec(runId, first, count, channels, concurrency, ws);
    }
}
