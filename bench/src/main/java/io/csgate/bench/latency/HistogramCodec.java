package io.csgate.bench.latency;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Histograms as text, for the worker protocol: base64 of HdrHistogram's compressed encoding, which
 * keeps every bucket, so merged percentiles are exact (not averages of percentiles).
 */
public final class HistogramCodec {

    private HistogramCodec() {}

    public static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity() + 64);
        int n = h.encodeIntoCompressedByteBuffer(buf);
        byte[] bytes = new byte[n];
        buf.flip().get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    public static Histogram decode(String text) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(text));
            return Histogram.decodeFromCompressedByteBuffer(buf, LatencyRecorder.HIGHEST_MICROS);
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an encoded histogram: " + e.getMessage(), e);
        }
    }

    /** Adds the decoded {@code text} into {@code into}. */
    public static void mergeInto(Histogram into, String text) {
        into.add(decode(text));
    }
}
