package io.csgate.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.csgate.bench.subscriber.GroupSnapshot;
import io.csgate.common.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Histograms recorded in separate "processes" (recorders that only meet as encoded JSON
 * snapshots) merge into exactly the histogram of all values: the same count, max and percentiles.
 */
class HistogramMergeTest {

    private static GroupSnapshot snapshot(Histogram latency) {
        Histogram empty = LatencyRecorder.newHistogram();
        return new GroupSnapshot(10, 10, List.of(), null, 100, 200, 10, latency.getTotalCount(),
                latency.getTotalCount(), 0, 0, 0, null, -1, -1, 5, latency, empty, empty, empty, 0, Map.of());
    }

    @Test
    void mergedSnapshotsFromSeveralProcessesEqualOneHistogramOfEverything() throws Exception {
        Random random = new Random(7);
        Histogram all = LatencyRecorder.newHistogram();
        GroupSnapshot merged = null;
        for (int process = 0; process < 3; process++) {
            LatencyRecorder recorder = new LatencyRecorder();
            // each process sees a different distribution: the merge must not average percentiles
            long scale = process == 2 ? 50_000 : 800;
            for (int i = 0; i < 20_000; i++) {
                long v = (long) (Math.abs(random.nextGaussian()) * scale) + 100;
                recorder.record(v);
                all.recordValue(v);
            }
            String wire = Json.text(snapshot(recorder.snapshot()).toJson());
            GroupSnapshot received = GroupSnapshot.fromJson(Json.parse(wire));
            merged = merged == null ? received : GroupSnapshot.merge(merged, received);
        }
        Histogram m = merged.latency();
        assertThat(m.getTotalCount()).isEqualTo(60_000);
        assertThat(m.getMaxValue()).isEqualTo(all.getMaxValue());
        for (double p : new double[] {50, 90, 99, 99.9}) {
            assertThat(m.getValueAtPercentile(p)).as("p%s", p).isEqualTo(all.getValueAtPercentile(p));
        }
        assertThat(merged.subscribers()).isEqualTo(30);
        assertThat(merged.received()).isEqualTo(60_000);
        assertThat(merged.openStartMicros()).isEqualTo(100);
        assertThat(merged.openEndMicros()).isEqualTo(200);
        assertThat(merged.cpuNanos()).isEqualTo(15);
    }

    @Test
    void codecRoundTripsAndRejectsGarbage() {
        Histogram h = LatencyRecorder.newHistogram();
        h.recordValue(1);
        h.recordValue(1_234_567);
        Histogram back = HistogramCodec.decode(HistogramCodec.encode(h));
        assertThat(back).isEqualTo(h);
        assertThatThrownBy(() -> HistogramCodec.decode("bm9wZQ==")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recorderClampsNegativeLatenciesToZeroAndHugeOnesToTheTop() {
        LatencyRecorder r = new LatencyRecorder();
        r.record(-5);
        r.record(Long.MAX_VALUE);
        Histogram h = r.snapshot();
        assertThat(h.getTotalCount()).isEqualTo(2);
        assertThat(h.getMinValue()).isZero();
        assertThat(h.getMaxValue()).isGreaterThanOrEqualTo(LatencyRecorder.HIGHEST_MICROS);
    }
}
