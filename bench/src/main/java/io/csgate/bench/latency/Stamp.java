package io.csgate.bench.latency;

import java.nio.charset.StandardCharsets;

/**
 * The bench's message payload, {@code {"t":<epoch micros>,"seq":<n>}}, and a scanner that finds
 * those two numbers in a delivered frame without parsing it. The gateway passes {@code message}
 * through untouched, and no other key of a Channelstream event is named {@code "t"} or
 * {@code "seq"}. Warm-up messages carry a negative {@code seq}.
 */
public final class Stamp {

    /** Returned by the scanners when the key is absent. */
    public static final long ABSENT = Long.MIN_VALUE;

    private static final byte[] T = "\"t\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ = "\"seq\"".getBytes(StandardCharsets.US_ASCII);

    private Stamp() {}

    public static String payload(long micros, long seq) {
        return "{\"t\":" + micros + ",\"seq\":" + seq + "}";
    }

    public static long time(byte[] a, int off, int len) {
        int p = valueAt(a, off, off + len, T);
        return p < 0 ? ABSENT : parse(a, p, off + len);
    }

    public static long seq(byte[] a, int off, int len) {
        int p = valueAt(a, off, off + len, SEQ);
        return p < 0 ? ABSENT : parse(a, p, off + len);
    }

    /**
     * Reads both numbers in one pass ({@code "seq"} is looked for only after {@code "t"}); returns
     * the time, and the seq through {@code seqOut[0]}. {@link #ABSENT} when there is no stamp.
     */
    public static long read(byte[] a, int off, int len, long[] seqOut) {
        int end = off + len;
        int p = valueAt(a, off, end, T);
        if (p < 0) {
            return ABSENT;
        }
        int q = valueAt(a, p, end, SEQ);
        seqOut[0] = q < 0 ? ABSENT : parse(a, q, end);
        return parse(a, p, end);
    }

    /** Index of the value after {@code key} and a colon, or -1. */
    static int valueAt(byte[] a, int from, int end, byte[] key) {
        int i = indexOf(a, from, end, key);
        while (i >= 0) {
            int p = i + key.length;
            while (p < end && isSpace(a[p])) {
                p++;
            }
            if (p < end && a[p] == ':') {
                p++;
                while (p < end && isSpace(a[p])) {
                    p++;
                }
                return p;
            }
            i = indexOf(a, i + 1, end, key);
        }
        return -1;
    }

    private static long parse(byte[] a, int p, int end) {
        boolean negative = p < end && a[p] == '-';
        if (negative) {
            p++;
        }
        long v = 0;
        int digits = 0;
        while (p < end && a[p] >= '0' && a[p] <= '9' && digits < 18) {
            v = v * 10 + (a[p++] - '0');
            digits++;
        }
        if (digits == 0) {
            return ABSENT;
        }
        return negative ? -v : v;
    }

    private static int indexOf(byte[] a, int from, int end, byte[] key) {
        byte first = key[0];
        outer:
        for (int i = from; i <= end - key.length; i++) {
            if (a[i] != first) {
                continue;
            }
            for (int k = 1; k < key.length; k++) {
                if (a[i + k] != key[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
