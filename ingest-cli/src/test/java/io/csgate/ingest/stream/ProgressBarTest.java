package io.csgate.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void rendersPercentCountsAndRate() {
        Counts c = new Counts(50, 100, 1200, 3, 1000, 0, 2_000_000_000L);
        assertThat(ProgressBar.render(c)).isEqualTo(
                "[############............]  50%  1,000 acknowledged, 200 in flight, 3 invalid  500 msg/s");
    }

    @Test
    void withoutAKnownSizeThereIsNoBar() {
        Counts c = new Counts(50, -1, 10, 0, 10, 2, 1_000_000_000L);
        assertThat(ProgressBar.render(c)).isEqualTo("10 acknowledged, 2 failed  10 msg/s");
    }

    @Test
    void redrawsAtMostEveryInterval() {
        StringWriter out = new StringWriter();
        AtomicLong now = new AtomicLong();
        ProgressBar bar = new ProgressBar(new PrintWriter(out), now::get);
        Counts c = new Counts(0, -1, 0, 0, 0, 0, 1);
        bar.update(c);
        bar.update(c);
        assertThat(out.toString().chars().filter(ch -> ch == '\r')).hasSize(1);
        now.addAndGet(ProgressBar.REDRAW_MILLIS * 1_000_000);
        bar.update(c);
        assertThat(out.toString().chars().filter(ch -> ch == '\r')).hasSize(2);
        bar.println("line 3: bad");
        bar.finish(c);
        assertThat(out.toString()).contains("\rline 3: bad").endsWith(System.lineSeparator());
    }
}
