package io.csgate.bench.probe;

/**
 * One reading of the gateway. Values the probe could not get are {@code NaN}.
 *
 * @param nanos when (monotonic clock)
 * @param heapBytes {@code jvm_memory_used_bytes{area="heap"}}, after a GC when the pid is known
 * @param rssBytes {@code VmRSS} from {@code /proc/<pid>/status}
 * @param cpuSeconds CPU time used so far: {@code /proc/<pid>/stat}, else
 *     {@code process_cpu_time_ns_total}
 * @param cpuUsage {@code process_cpu_usage} (recent share of all cores, JVM's own estimate)
 * @param sessions {@code csgate_sessions} (websockets the gateway holds)
 * @param users {@code csgate_users} (users the gateway's replica remembers)
 */
public record GatewaySample(long nanos, double heapBytes, double rssBytes, double cpuSeconds, double cpuUsage,
                            double sessions, double users) {}
