package io.csgate.ingest.stream;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar for a terminal, redrawn in place with {@code \r} at most every
 * {@value #REDRAW_MILLIS} ms: percent of the input read (when its size is known), messages
 * acknowledged, failed and invalid, and the rate.
 */
public final class ProgressBar implements Progress {

    static final long REDRAW_MILLIS = 200;
    private static final int WIDTH = 24;

    private final PrintWriter err;
    private final LongSupplier nanoTime;
    private final String done;
    private long nextDraw = Long.MIN_VALUE;
    private int drawn;

    public ProgressBar(PrintWriter err, LongSupplier nanoTime) {
        this(err, nanoTime, "acknowledged");
    }

    /** @param done what the count of finished messages means: "acknowledged", or "checked" while validating */
    public ProgressBar(PrintWriter err, LongSupplier nanoTime, String done) {
        this.err = err;
        this.nanoTime = nanoTime;
        this.done = done;
    }

    @Override
    public void update(Counts c) {
        long now = nanoTime.getAsLong();
        if (nextDraw != Long.MIN_VALUE && now - nextDraw < 0) {
            return;
        }
        nextDraw = now + REDRAW_MILLIS * 1_000_000;
        draw(c);
    }

    @Override
    public void println(String line) {
        clear();
        err.println(line);
        nextDraw = Long.MIN_VALUE;
    }

    @Override
    public void finish(Counts c) {
        draw(c);
        err.println();
        err.flush();
        drawn = 0;
    }

    static String render(Counts c) {
        return render(c, "acknowledged");
    }

    static String render(Counts c, String done) {
        StringBuilder b = new StringBuilder();
        if (c.totalBytes() > 0) {
            double read = Math.min(1.0, (double) c.bytesRead() / c.totalBytes());
            int full = (int) Math.round(read * WIDTH);
            b.append('[').append("#".repeat(full)).append(".".repeat(WIDTH - full)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%%", Math.round(read * 100))).append("  ");
        }
        b.append(String.format(Locale.ROOT, "%,d ", c.acked())).append(done);
        if (c.valid() > c.acked() + c.failed()) {
            b.append(String.format(Locale.ROOT, ", %,d in flight", c.valid() - c.acked() - c.failed()));
        }
        if (c.failed() > 0) {
            b.append(String.format(Locale.ROOT, ", %,d failed", c.failed()));
        }
        if (c.invalid() > 0) {
            b.append(String.format(Locale.ROOT, ", %,d invalid", c.invalid()));
        }
        b.append(String.format(Locale.ROOT, "  %,.0f msg/s", c.rate()));
        return b.toString();
    }

    private void draw(Counts c) {
        String line = render(c, done);
        err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        err.flush();
        drawn = line.length();
    }

    private void clear() {
        if (drawn > 0) {
            err.print("\r" + " ".repeat(drawn) + "\r");
            drawn = 0;
        }
    }
}
