package io.csgate.bench.report;

import io.csgate.bench.probe.CpuTime;
import io.csgate.common.json.Json;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The result of one scenario: parameters, measured values, notes. Prints as an aligned table
 * and then one JSON line ({@code {"bench":..., "time":..., "params":{...}, "results":{...},
 * "notes":[...]}}) that scripts can take with {@code tail -1}. Not thread-safe; filled by the
 * scenario's thread.
 */
public final class Report {

    private final String scenario;
    private final Instant time = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** Starts a report; records the machine's CPU count and load average, which bound every figure. */
    public Report(String scenario) {
        this.scenario = scenario;
        params.put("host_cpus", Runtime.getRuntime().availableProcessors());
        params.put("loadavg_1m_start", CpuTime.loadAverage());
    }

    public Report param(String key, Object value) {
        params.put(key, value);
        return this;
    }

    /** A measured value: a table row and {@code results.<key>}. */
    public Report value(String key, String label, Object value, String unit) {
        Object v = value instanceof Double d ? round(d) : value;
        results.put(key, v);
        rows.add(new String[] {label, format(v) + (unit.isEmpty() ? "" : " " + unit)});
        return this;
    }

    /** Percentiles of a microsecond histogram: one row and {@code results.<key>} as an object. */
    public Report latency(String key, String label, Histogram micros) {
        LatencySummary s = LatencySummary.of(micros);
        results.put(key, s.toJson());
        rows.add(new String[] {label, s.cell()});
        return this;
    }

    public Report note(String text) {
        notes.add(text);
        return this;
    }

    public Map<String, Object> results() {
        return results;
    }

    public void print(PrintWriter out) {
        params.put("loadavg_1m_end", CpuTime.loadAverage());
        int width = "metric".length();
        for (String[] r : rows) {
            width = Math.max(width, r[0].length());
        }
        String title = "== " + scenario + " (" + time + ") ==";
        out.println(title);
        for (Map.Entry<String, Object> p : params.entrySet()) {
            out.printf(Locale.ROOT, "  %-" + width + "s  %s%n", p.getKey(), format(p.getValue()));
        }
        out.println("  " + "-".repeat(Math.max(20, title.length() - 2)));
        for (String[] r : rows) {
            out.printf(Locale.ROOT, "  %-" + width + "s  %s%n", r[0], r[1]);
        }
        for (String n : notes) {
            out.println("  note: " + n);
        }
        out.println(jsonLine());
        out.flush();
    }

    public String jsonLine() {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("bench", scenario);
        j.put("time", time.toString());
        j.put("params", params);
        j.put("results", results);
        j.put("notes", notes);
        return Json.text(j);
    }

    static double round(double v) {
        if (!Double.isFinite(v)) {
            return v;
        }
        return BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).doubleValue();
    }

    private static String format(Object v) {
        if (v instanceof Double d) {
            return Math.abs(d) >= 1000 ? String.format(Locale.ROOT, "%,.0f", d) : String.format(Locale.ROOT, "%.3f", d);
        }
        if (v instanceof Long || v instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
        }
        return String.valueOf(v);
    }
}
