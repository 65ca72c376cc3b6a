package io.csgate.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacerTest {

    @Test
    void spacesMessagesEvenlyFromTheFirst() {
        AtomicLong now = new AtomicLong(1_000);
        Pacer p = new Pacer(4, now::get);
        assertThat(p.delayNanos(1)).isZero();
        assertThat(p.delayNanos(1)).isEqualTo(250_000_000L);
        now.addAndGet(250_000_000L);
        assertThat(p.delayNanos(1)).isEqualTo(250_000_000L);
    }

    @Test
    void catchesUpWithoutWaitingWhenBehind() {
        AtomicLong now = new AtomicLong();
        Pacer p = new Pacer(10, now::get);
        p.delayNanos(1);
        now.addAndGet(1_000_000_000L);
        for (int i = 0; i < 9; i++) {
            assertThat(p.delayNanos(1)).isZero();
        }
        assertThat(p.delayNanos(1)).isZero();
        assertThat(p.delayNanos(1)).isEqualTo(100_000_000L);
    }

    @Test
    void aRecordIsDueWhenItsFirstMessageIs() {
        AtomicLong now = new AtomicLong();
        Pacer p = new Pacer(100, now::get);
        assertThat(p.delayNanos(5)).isZero();
        assertThat(p.delayNanos(5)).isEqualTo(50_000_000L);
    }

    @Test
    void batchesAreCutToAboutTwentyMillisecondsAtARate() {
        assertThat(Pacer.batchFor(0, 100)).isEqualTo(100);
        assertThat(Pacer.batchFor(1_000_000, 100)).isEqualTo(100);
        assertThat(Pacer.batchFor(1000, 100)).isEqualTo(20);
        assertThat(Pacer.batchFor(10, 100)).isEqualTo(1);
    }

    @Test
    void zeroIsUnlimited() {
        Pacer p = new Pacer(0, () -> 0);
        assertThat(p.unlimited()).isTrue();
        assertThat(p.delayNanos(1)).isZero();
    }
}
