package io.csgate.bench.publish;

import org.HdrHistogram.Histogram;

/**
 * What a publisher did.
 *
 * @param requests requests sent, acknowledged or not
 * @param acked messages acknowledged
 * @param errors requests not acknowledged
 * @param ackedPerChannel acknowledged messages per channel index
 * @param requestLatency send-to-acknowledgement time per request, microseconds
 * @param elapsedNanos from the first request to the last acknowledgement
 * @param maxBehindMicros worst lag behind the schedule of an open-loop run
 */
public record PublishResult(long requests, long acked, long errors, String firstError, long[] ackedPerChannel,
                            Histogram requestLatency, long elapsedNanos, long maxBehindMicros) {

    public double messagesPerSecond() {
        return elapsedNanos <= 0 ? 0 : acked * 1e9 / elapsedNanos;
    }

    public double requestsPerSecond() {
        return elapsedNanos <= 0 ? 0 : (requests - errors) * 1e9 / elapsedNanos;
    }

    /** Deliveries owed: acknowledged messages times the open subscribers of their channel. */
    public long expectedDeliveries(long[] openPerChannel) {
        long sum = 0;
        for (int c = 0; c < ackedPerChannel.length; c++) {
            sum += ackedPerChannel[c] * openPerChannel[c];
        }
        return sum;
    }
}
