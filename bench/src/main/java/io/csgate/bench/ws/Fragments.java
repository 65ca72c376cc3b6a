package io.csgate.bench.ws;

import java.util.Arrays;

/** A fragmented message being put together; exists only between its first and last frame. */
final class Fragments {

    private byte[] data;
    private int length;

    Fragments(byte[] a, int off, int len) {
        this.data = Arrays.copyOfRange(a, off, off + len);
        this.length = len;
    }

    void append(byte[] a, int off, int len, long max) throws WsException {
        long total = (long) length + len;
        if (total > max) {
            throw new WsException("fragmented message of " + total + " bytes exceeds the limit of " + max);
        }
        if (total > data.length) {
            data = Arrays.copyOf(data, (int) Math.min(max, Math.max(total, data.length * 2L)));
        }
        System.arraycopy(a, off, data, length, len);
        length = (int) total;
    }

    byte[] data() {
        return data;
    }

    int length() {
        return length;
    }
}
