package io.csgate.ingest.stream;

import java.io.PrintWriter;

/**
 * Shows how a {@code send} is going. A terminal gets a bar redrawn in place (see
 * {@link ProgressBar}); anything else gets nothing until the summary. Messages about single lines
 * go through {@link #println} so they never mix with the bar. Called from the reading thread only.
 */
public interface Progress {

    /** The latest counts; an implementation decides how often to redraw. */
    void update(Counts counts);

    /** A line of its own on the progress stream (invalid-line reports). */
    void println(String line);

    /** The last counts; leaves the stream at the start of a fresh line. */
    void finish(Counts counts);

    /** No bar: lines go straight to {@code err}. */
    static Progress none(PrintWriter err) {
        return new Progress() {
            @Override
            public void update(Counts counts) {
                // nothing between the start and the summary
            }

            @Override
            public void println(String line) {
                err.println(line);
            }

            @Override
            public void finish(Counts counts) {
                err.flush();
            }
        };
    }
}
