package io.csgate.bench.latency;

import java.nio.charset.StandardCharsets;

/**
 * The bench's message payload, {@code {"t":<epoch micros>,"seq":<n>}}, and a scanner that finds
 * those two numbers in a delivered frame without parsing it ({@link #next} for each event of a
 * frame that carries several). The gateway passes {@code message}
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

    /**
     * Reads the next stamp at or after {@code from}: its time into {@code out[0]}, its seq into
     * {@code out[1]} ({@link #ABSENT} when missing). Returns where to look for the one after it,
     * or -1 when there is none. A frame may carry many events (a JSON array); call in a loop.
     */
    public static int next(byte[] a, int from, int end, long[] out) {
        int p = valueAt(a, from, end, T);
        if (p < 0) {
            return -1;
        }
        out[0] = parse(a, p, end);
        int q = seqRightAfter(a, p, end);
        if (q < 0) {
            out[1] = ABSENT;
            return p;
        }
        out[1] = parse(a, q, end);
        return q;
    }

    /**
     * The payload is {@code {"t":<micros>,"seq":<n>}}: the seq's value position when its key is
     * the very next one after the time at {@code p} (spaces allowed), else -1 (a seq further on
     * belongs to another event).
     */
    private static int seqRightAfter(byte[] a, int p, int end) {
        int i = p;
        while (i < end && (a[i] == '-' || (a[i] >= '0' && a[i] <= '9'))) {
            i++;
        }
        i = skipSpace(a, i, end);
        if (i >= end || a[i] != ',') {
            return -1;
        }
        i = skipSpace(a, i + 1, end);
        if (end - i < SEQ.length || indexOf(a, i, i + SEQ.length, SEQ) != i) {
            return -1;
        }
        i = skipSpace(a, i + SEQ.length, end);
        if (i >= end || a[i] != ':') {
            return -1;
        }
        return skipSpace(a, i + 1, end);
    }

    private static int skipSpace(byte[] a, int i, int end) {
        while (i < end && isSpace(a[i])) {
            i++;
        }
        return i;
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
