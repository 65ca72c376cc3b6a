package io.csgate.bench.subscriber;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.bench.latency.HistogramCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What a pool of subscribers (or several, merged) reports. Histograms are in microseconds; their
 * merge is exact. Heap figures are -1 when not measured.
 *
 * @param subscribers subscribers attempted
 * @param opened sockets whose upgrade succeeded
 * @param failedChannels channel index of every subscriber that failed to open
 * @param openStartMicros epoch micros when opening started (earliest over merged pools)
 * @param openEndMicros epoch micros when the last socket opened (latest over merged pools)
 * @param openNow sockets open at the time of the snapshot
 * @param received frames carrying a bench stamp, warm-up included
 * @param measured stamped frames with a latency sample
 * @param closedByServer sockets closed while the bench still wanted them
 * @param heapBaseline used heap after a GC before opening, summed over processes
 * @param heapNow used heap after a GC at the snapshot, summed over processes
 * @param cpuNanos CPU time of the process(es) holding the pools, summed
 * @param outOfOrder stamped messages that reached a subscriber after one published later (or again)
 * @param closeCodes sockets closed by the server, by close code (1006: dropped without a close frame)
 */
public record GroupSnapshot(int subscribers, int opened, List<Integer> failedChannels, String firstError,
                            long openStartMicros, long openEndMicros, int openNow, long received, long measured,
                            long heartbeats, long other, long closedByServer, String lastClose,
                            long heapBaseline, long heapNow, long cpuNanos, Histogram latency, Histogram connectRest,
                            Histogram connectWs, Histogram connectTotal, long outOfOrder,
                            Map<Integer, Long> closeCodes) {

    public GroupSnapshot {
        closeCodes = Map.copyOf(closeCodes);
    }

    public int failed() {
        return failedChannels.size();
    }

    /** Client heap per open socket, or -1. */
    public double heapPerSocket() {
        return heapNow < 0 || heapBaseline < 0 || openNow == 0 ? -1 : (double) (heapNow - heapBaseline) / openNow;
    }

    public static GroupSnapshot merge(GroupSnapshot a, GroupSnapshot b) {
        List<Integer> failed = new ArrayList<>(a.failedChannels);
        failed.addAll(b.failedChannels);
        return new GroupSnapshot(a.subscribers + b.subscribers, a.opened + b.opened, failed,
                a.firstError != null ? a.firstError : b.firstError,
                Math.min(a.openStartMicros, b.openStartMicros), Math.max(a.openEndMicros, b.openEndMicros),
                a.openNow + b.openNow, a.received + b.received, a.measured + b.measured,
                a.heartbeats + b.heartbeats, a.other + b.other, a.closedByServer + b.closedByServer,
                a.lastClose != null ? a.lastClose : b.lastClose,
                a.heapBaseline < 0 || b.heapBaseline < 0 ? -1 : a.heapBaseline + b.heapBaseline,
                a.heapNow < 0 || b.heapNow < 0 ? -1 : a.heapNow + b.heapNow, a.cpuNanos + b.cpuNanos,
                add(a.latency, b.latency), add(a.connectRest, b.connectRest),
                add(a.connectWs, b.connectWs), add(a.connectTotal, b.connectTotal), a.outOfOrder + b.outOfOrder,
                addCounts(a.closeCodes, b.closeCodes));
    }

    private static Map<Integer, Long> addCounts(Map<Integer, Long> x, Map<Integer, Long> y) {
        Map<Integer, Long> sum = new TreeMap<>(x);
        y.forEach((k, v) -> sum.merge(k, v, Long::sum));
        return sum;
    }

    private static Histogram add(Histogram x, Histogram y) {
        Histogram h = x.copy();
        h.add(y);
        return h;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subscribers", subscribers);
        m.put("opened", opened);
        m.put("failed_channels", failedChannels);
        m.put("first_error", firstError);
        m.put("open_start_us", openStartMicros);
        m.put("open_end_us", openEndMicros);
        m.put("open_now", openNow);
        m.put("received", received);
        m.put("measured", measured);
        m.put("heartbeats", heartbeats);
        m.put("other", other);
        m.put("closed_by_server", closedByServer);
        m.put("last_close", lastClose);
        m.put("heap_baseline", heapBaseline);
        m.put("heap_now", heapNow);
        m.put("cpu_ns", cpuNanos);
        m.put("latency", HistogramCodec.encode(latency));
        m.put("connect_rest", HistogramCodec.encode(connectRest));
        m.put("connect_ws", HistogramCodec.encode(connectWs));
        m.put("connect_total", HistogramCodec.encode(connectTotal));
        m.put("out_of_order", outOfOrder);
        Map<String, Long> codes = new LinkedHashMap<>();
        new TreeMap<>(closeCodes).forEach((k, v) -> codes.put(Integer.toString(k), v));
        m.put("close_codes", codes);
        return m;
    }

    public static GroupSnapshot fromJson(JsonNode j) {
        List<Integer> failed = new ArrayList<>();
        j.get("failed_channels").forEach(n -> failed.add(n.intValue()));
        return new GroupSnapshot(j.get("subscribers").intValue(), j.get("opened").intValue(), failed,
                text(j, "first_error"), j.get("open_start_us").longValue(), j.get("open_end_us").longValue(),
                j.get("open_now").intValue(), j.get("received").longValue(), j.get("measured").longValue(),
                j.get("heartbeats").longValue(), j.get("other").longValue(), j.get("closed_by_server").longValue(),
                text(j, "last_close"), j.get("heap_baseline").longValue(), j.get("heap_now").longValue(),
                j.get("cpu_ns").longValue(),
                HistogramCodec.decode(j.get("latency").textValue()),
                HistogramCodec.decode(j.get("connect_rest").textValue()),
                HistogramCodec.decode(j.get("connect_ws").textValue()),
                HistogramCodec.decode(j.get("connect_total").textValue()),
                j.get("out_of_order").longValue(), closeCodes(j.get("close_codes")));
    }

    private static Map<Integer, Long> closeCodes(JsonNode j) {
        Map<Integer, Long> out = new TreeMap<>();
        j.fields().forEachRemaining(e -> out.put(Integer.parseInt(e.getKey()), e.getValue().longValue()));
        return out;
    }

    private static String text(JsonNode j, String field) {
        JsonNode n = j.get(field);
        return n == null || n.isNull() ? null : n.textValue();
    }
}
