package io.csgate.bench.report;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of a microsecond histogram, in milliseconds.
 *
 * @param count recorded values
 */
public record LatencySummary(long count, double p50, double p90, double p99, double p999, double max,
                             double mean) {

    public static LatencySummary of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
        }
        return new LatencySummary(micros.getTotalCount(),
                ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)),
                ms(micros.getMaxValue()), micros.getMean() / 1000.0);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count);
        m.put("p50_ms", Report.round(p50));
        m.put("p90_ms", Report.round(p90));
        m.put("p99_ms", Report.round(p99));
        m.put("p99_9_ms", Report.round(p999));
        m.put("max_ms", Report.round(max));
        m.put("mean_ms", Report.round(mean));
        return m;
    }

    /** {@code p50 1.234 / p90 ... / max ...} for one table cell. */
    public String cell() {
        if (count == 0) {
            return "(no samples)";
        }
        return String.format(Locale.ROOT, "p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f ms (n=%d)",
                p50, p90, p99, p999, max, count);
    }
}
