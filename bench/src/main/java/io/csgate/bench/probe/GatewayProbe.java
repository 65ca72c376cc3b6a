package io.csgate.bench.probe;

import io.csgate.bench.http.ChannelstreamApi;
import io.csgate.bench.http.HttpResponse;
import io.csgate.bench.run.BenchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Reads the gateway's heap, RSS, CPU time and session count. With a pid it forces a full GC
 * first ({@code jcmd <pid> GC.run}, so heap means live data rather than whatever garbage is
 * there) and reads {@code /proc}; without, it has only {@code /metrics}.
 */
public final class GatewayProbe {

    /** Linux clock ticks per second, as {@code getconf CLK_TCK} reports on x86-64 and arm64. */
    static final double CLOCK_TICKS = 100.0;

    private final ChannelstreamApi api;
    private final String metricsPath;
    private final OptionalLong pid;

    public GatewayProbe(ChannelstreamApi api, String metricsPath, OptionalLong pid) {
        this.api = api;
        this.metricsPath = metricsPath;
        this.pid = pid;
    }

    public boolean hasPid() {
        return pid.isPresent();
    }

    public GatewaySample sample(boolean gc) throws InterruptedException {
        if (gc && pid.isPresent()) {
            fullGc(pid.getAsLong());
        }
        HttpResponse r = api.get(metricsPath);
        if (r.status() != 200) {
            throw new BenchException("GET " + metricsPath + " answered " + r.status() + ": " + r.excerpt(200));
        }
        String text = r.text();
        double heap = PrometheusText.sum(text, "jvm_memory_used_bytes", "area=\"heap\"").orElse(Double.NaN);
        double cpu = Double.NaN;
        double rss = Double.NaN;
        if (pid.isPresent()) {
            cpu = procCpuSeconds(pid.getAsLong());
            rss = procRss(pid.getAsLong());
        }
        if (Double.isNaN(cpu)) {
            cpu = PrometheusText.sum(text, "process_cpu_time_ns_total", null).orElse(Double.NaN) / 1e9;
        }
        return new GatewaySample(System.nanoTime(), heap, rss, cpu,
                PrometheusText.sum(text, "process_cpu_usage", null).orElse(Double.NaN),
                PrometheusText.sum(text, "csgate_sessions", null).orElse(Double.NaN),
                PrometheusText.sum(text, "csgate_users", null).orElse(Double.NaN));
    }

    static void fullGc(long pid) throws InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BenchException("jcmd " + pid + " GC.run did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new BenchException("jcmd " + pid + " GC.run failed (exit " + p.exitValue()
                        + "); is --gateway-pid a JVM of this user?");
            }
        } catch (IOException e) {
            throw new BenchException("cannot run " + jcmd + ": " + e.getMessage(), e);
        }
    }

    /** utime + stime of {@code /proc/<pid>/stat}, in seconds. */
    public static double procCpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name may hold spaces: fields are counted after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            throw new BenchException("cannot read /proc/" + pid + "/stat: " + e.getMessage(), e);
        }
    }

    /** {@code VmRSS} of {@code pid} in bytes, or NaN. */
    public static double procRss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0;
                }
            }
            return Double.NaN;
        } catch (IOException e) {
            throw new BenchException("cannot read /proc/" + pid + "/status: " + e.getMessage(), e);
        }
    }
}
