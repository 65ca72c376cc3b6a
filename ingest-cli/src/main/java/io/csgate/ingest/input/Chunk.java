package io.csgate.ingest.input;

import java.util.Arrays;

/**
 * Consecutive input lines copied out of the reader's buffer, so that another thread can parse
 * them while the reader goes on. Filled by one thread, then handed over (through an executor,
 * which publishes it safely) and only read after that.
 */
public final class Chunk {

    private final int maxLines;
    private final int maxBytes;
    private byte[] data;
    private int size;
    private int count;
    private int[] starts;
    private int[] lengths;
    private long[] numbers;
    private boolean[] truncated;

    /** @param maxLines lines before {@link #full()}; @param maxBytes bytes before {@link #full()} */
    public Chunk(int maxLines, int maxBytes) {
        this.maxLines = Math.max(1, maxLines);
        this.maxBytes = maxBytes;
        int lines = Math.min(this.maxLines, 1024);
        this.data = new byte[Math.min(maxBytes, lines * 128)];
        this.starts = new int[lines];
        this.lengths = new int[lines];
        this.numbers = new long[lines];
        this.truncated = new boolean[lines];
    }

    public void add(byte[] buf, int off, int len, long number, boolean cut) {
        if (count == starts.length) {
            int n = count * 2;
            starts = Arrays.copyOf(starts, n);
            lengths = Arrays.copyOf(lengths, n);
            numbers = Arrays.copyOf(numbers, n);
            truncated = Arrays.copyOf(truncated, n);
        }
        if (size + len > data.length) {
            data = Arrays.copyOf(data, Math.max(size + len, data.length * 2));
        }
        System.arraycopy(buf, off, data, size, len);
        starts[count] = size;
        lengths[count] = len;
        numbers[count] = number;
        truncated[count] = cut;
        size += len;
        count++;
    }

    public boolean full() {
        return count >= maxLines || size >= maxBytes;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public int count() {
        return count;
    }

    byte[] data() {
        return data;
    }

    int start(int i) {
        return starts[i];
    }

    int length(int i) {
        return lengths[i];
    }

    /** The input line number of line {@code i} of this chunk. */
    long number(int i) {
        return numbers[i];
    }

    boolean truncated(int i) {
        return truncated[i];
    }
}
