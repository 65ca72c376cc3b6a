package io.csgate.ingest.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines ({@code \n} or {@code \r\n}; a UTF-8 byte order mark at the
 * start is skipped), numbered from 1, without decoding or copying them: after {@link #next()}
 * returns true, the line is {@code buffer()[start() .. start()+length())}, valid until the next
 * call. Before a read that could block (nothing buffered, nothing available), {@code idle} runs:
 * the caller sends what it has batched instead of holding it while the input is quiet. A line
 * longer than {@code maxLine} bytes is returned cut at {@code maxLine} with {@link #truncated()}
 * set, and its rest is skipped, so memory stays bounded whatever the input. Not thread-safe.
 */
public final class LineReader {

    private static final int INITIAL = 1 << 16;

    private final InputStream in;
    private final Runnable idle;
    private final int maxLine;
    private byte[] buf = new byte[INITIAL];
    private int pos;
    private int limit;
    private boolean eof;
    private long number;
    private long bytesRead;
    private int start;
    private int length;
    private boolean truncated;
    private boolean skipping;
    /** Bytes before this index (from pos) hold no newline. */
    private int scanned;

    public LineReader(InputStream in, Runnable idle, int maxLine) {
        this.in = in;
        this.idle = idle;
        this.maxLine = maxLine;
    }

    /** Advances to the next line; false at the end of the input. */
    public boolean next() throws IOException {
        while (true) {
            int nl = indexOfNewline();
            if (skipping) {
                // the rest of a line that was returned truncated
                if (nl >= 0) {
                    pos = nl + 1;
                    skipping = false;
                    continue;
                }
                pos = limit;
            } else if (nl >= 0) {
                take(nl, nl + 1, false);
                return true;
            } else if (limit - pos >= maxLine) {
                take(pos + maxLine, pos + maxLine, true);
                skipping = true;
                return true;
            } else if (eof && pos < limit) {
                take(limit, limit, false);
                return true;
            }
            if (eof) {
                return false;
            }
            fill();
        }
    }

    private int indexOfNewline() {
        for (int i = Math.max(pos, scanned); i < limit; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        scanned = limit;
        return -1;
    }

    private void take(int end, int next, boolean cut) {
        truncated = cut;
        int s = pos;
        int e = end;
        if (e > s && buf[e - 1] == '\r') {
            e--;
        }
        if (number == 0 && e - s >= 3 && buf[s] == (byte) 0xEF && buf[s + 1] == (byte) 0xBB
                && buf[s + 2] == (byte) 0xBF) {
            s += 3;
        }
        start = s;
        length = e - s;
        pos = next;
        scanned = next;
        number++;
    }

    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            scanned = Math.max(0, scanned - pos);
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length, Math.min(buf.length * 2, maxLine + 2)));
        }
        if (in.available() <= 0) {
            idle.run();
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
            bytesRead += n;
        }
    }

    public byte[] buffer() {
        return buf;
    }

    public int start() {
        return start;
    }

    public int length() {
        return length;
    }

    /** Whether the current line was longer than {@code maxLine} and is cut there. */
    public boolean truncated() {
        return truncated;
    }

    /** The current line's number, from 1. */
    public long number() {
        return number;
    }

    /** Bytes read from the input so far. */
    public long bytesRead() {
        return bytesRead;
    }
}
