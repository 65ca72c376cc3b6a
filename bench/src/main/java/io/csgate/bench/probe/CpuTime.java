package io.csgate.bench.probe;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** CPU time used by this process, or by another one through {@code /proc}; and the load average. */
public final class CpuTime {

    private CpuTime() {}

    /** CPU time of this JVM in nanoseconds, or -1 when the platform does not say. */
    public static long selfNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** CPU seconds of {@code pid}, or NaN when not given. */
    public static double processSeconds(OptionalLong pid) {
        return pid.isPresent() ? GatewayProbe.procCpuSeconds(pid.getAsLong()) : Double.NaN;
    }

    /** The 1-minute load average from {@code /proc/loadavg}, or NaN. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
