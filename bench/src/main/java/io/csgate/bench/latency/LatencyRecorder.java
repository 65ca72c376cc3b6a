package io.csgate.bench.latency;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records latencies in microseconds (1 µs to 1 h, 3 significant digits) from any number of
 * threads without locks on the recording path (HdrHistogram {@link Recorder}), and hands out
 * cumulative snapshots. Values below zero (clock steps) are recorded as zero and counted.
 */
public final class LatencyRecorder {

    public static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    public static final int DIGITS = 3;

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, DIGITS);
    private final Histogram total = newHistogram();
    /**
     * Taken up front (a recorder recycles only histograms it handed out), so that memory measured
     * after a snapshot holds no new histograms.
     */
    private Histogram spare = recorder.getIntervalHistogram();

    public static Histogram newHistogram() {
        return new Histogram(HIGHEST_MICROS, DIGITS);
    }

    public void record(long micros) {
        recorder.recordValue(Math.min(Math.max(micros, 0), HIGHEST_MICROS));
    }

    /** Everything recorded so far, as a new histogram. */
    public synchronized Histogram snapshot() {
        spare = recorder.getIntervalHistogram(spare);
        total.add(spare);
        return total.copy();
    }
}
