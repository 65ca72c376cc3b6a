package io.csgate.bench.hops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HopAccountTest {

    @Test
    void segmentsJoinEachEventsPointsById() {
        HopAccount a = new HopAccount();
        // event "a": 10 µs to queue, 200 µs to the publisher, ... ; "b" the same shifted and slower to ack
        long[] at = {0, 10_000, 210_000, 260_000, 1_260_000, 1_300_000, 1_400_000, 1_450_000, 1_500_000, 1_520_000};
        String[] points = {"http_body", "queued", "taken", "sent", "acked", "fetched", "applying", "applied",
                "answering", "answered"};
        for (int i = 0; i < points.length; i++) {
            a.hop(points[i], "a", 5_000_000_000L + at[i]);
            a.hop(points[i], "b", 9_000_000_000L + at[i] + (points[i].equals("acked") ? 3_000_000 : 0));
        }
        a.hop("fetched", "heartbeat", 1); // no REST points: only segments it has both ends of
        a.hop("applying", "heartbeat", 2_001_000);

        Map<String, Histogram> seg = a.segments().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().key(), Map.Entry::getValue));
        assertThat(a.events()).isEqualTo(3);
        assertThat(seg.get("queued->taken").getTotalCount()).isEqualTo(2);
        assertThat(seg.get("queued->taken").getMaxValue()).isEqualTo(200);
        assertThat(seg.get("sent->acked").getMinValue()).isEqualTo(1000);
        assertThat(seg.get("sent->acked").getMaxValue()).isBetween(3990L, 4010L);
        assertThat(seg.get("fetched->applying").getTotalCount()).isEqualTo(3);
        assertThat(seg.get("fetched->applying").getMaxValue()).isBetween(1995L, 2005L);
        assertThat(seg.get("http_body->answered").getMaxValue()).isEqualTo(1520);
    }

    @Test
    void aPointSeenTwiceKeepsTheFirstAndClockStepsCountAsZero() {
        HopAccount a = new HopAccount();
        a.hop("sent", "x", 1_000_000);
        a.hop("sent", "x", 9_000_000);
        a.hop("acked", "x", 500_000); // before "sent": a clock step
        a.hop("fetched", "x", 3_000_000);
        Map<String, Histogram> seg = a.segments().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().key(), Map.Entry::getValue));
        assertThat(seg.get("sent->acked").getMaxValue()).isZero();
        assertThat(seg.get("sent->fetched").getMaxValue()).isEqualTo(2000);
        assertThat(seg).doesNotContainKey("http_body->queued");
    }
}
