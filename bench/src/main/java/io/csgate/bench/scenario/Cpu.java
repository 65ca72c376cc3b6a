package io.csgate.bench.scenario;

import io.csgate.bench.probe.CpuTime;
import io.csgate.bench.report.Report;
import io.csgate.bench.subscriber.GroupSnapshot;
import java.util.OptionalLong;

/**
 * CPU time of the gateway (when its pid is known) and of this process at one instant, to report
 * who used the cores during a measured window. With worker processes, the bench's share is this
 * process (the publisher) plus the workers' own, which their snapshots carry.
 */
record Cpu(double gatewaySeconds, long selfNanos, boolean workers) {

    static Cpu now(OptionalLong gatewayPid, boolean workers) {
        return new Cpu(CpuTime.processSeconds(gatewayPid), CpuTime.selfNanos(), workers);
    }

    void report(Report r, Cpu start, GroupSnapshot atStart, GroupSnapshot atEnd, long windowNanos) {
        double seconds = windowNanos / 1e9;
        double bench = (selfNanos - start.selfNanos) / 1e9
                + (workers ? (atEnd.cpuNanos() - atStart.cpuNanos()) / 1e9 : 0);
        if (!Double.isNaN(gatewaySeconds)) {
            r.value("gateway_cpu_pct", "gateway CPU in the window", 100 * (gatewaySeconds - start.gatewaySeconds) / seconds,
                    "% of one core");
        }
        r.value("bench_cpu_pct", "bench CPU in the window", 100 * bench / seconds, "% of one core");
    }
}
