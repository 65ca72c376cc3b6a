package io.csgate.bench.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.bench.run.BenchException;
import io.csgate.bench.run.Deadline;
import io.csgate.common.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RatePublisherTest {

    /** Records every item it is sent; answers with {@code answer}. */
    static final class Recording implements Transport {
        final List<JsonNode> items = new ArrayList<>();
        final List<Long> sentNanos = new ArrayList<>();
        final Function<Integer, String> answer;

        Recording(Function<Integer, String> answer) {
            this.answer = answer;
        }

        @Override
        public String send(byte[] body) throws InterruptedException {
            int call;
            synchronized (this) {
                try {
                    Json.parse(body).forEach(items::add);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                sentNanos.add(System.nanoTime());
                call = sentNanos.size();
            }
            return answer.apply(call);
        }

        @Override
        public String name() {
            return "test";
        }

        @Override
        public void close() {}
    }

    private static PublishResult run(PublishSpec spec, Transport t) throws InterruptedException {
        RatePublisher p = new RatePublisher(spec, t, Deadline.after(Duration.ofSeconds(30)));
        p.start();
        return p.await();
    }

    @Test
    void closedLoopStopsAtTheMessageCapAndCountsPerChannel() throws Exception {
        Recording t = new Recording(call -> null);
        PublishResult r = run(new PublishSpec(new String[] {"a", "b", "c"}, 0, 10, Duration.ZERO,
                Duration.ofSeconds(20), 3, 1000), t);
        assertThat(r.acked()).isEqualTo(1000);
        assertThat(r.requests()).isEqualTo(100);
        assertThat(r.ackedPerChannel()).containsExactly(334, 333, 333);
        assertThat(r.expectedDeliveries(new long[] {2, 0, 1})).isEqualTo(334 * 2 + 333);
        assertThat(t.items).extracting(i -> i.get("message").get("seq").longValue())
                .doesNotHaveDuplicates().allMatch(s -> s >= 0 && s < 1000);
        assertThat(t.items.get(0).get("user").textValue()).isEqualTo(PublishSpec.SENDER);
    }

    @Test
    void openLoopStampsIntendedTimesSendsNothingAfterTheEndAndMarksWarmUp() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        // the first request takes 150 ms: later ones go out late, but keep their scheduled stamps
        Recording t = new Recording(call -> {
            if (call == 1) {
                try {
                    never.await(150, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return null;
        });
        long t0 = System.nanoTime();
        PublishResult r = run(new PublishSpec(new String[] {"a"}, 200, 1, Duration.ofMillis(100),
                Duration.ofMillis(500), 1, 1_000_000), t);
        long end = t0 + Duration.ofMillis(500).toNanos();
        assertThat(t.sentNanos).allMatch(s -> s < end + Duration.ofMillis(20).toNanos());
        assertThat(r.acked()).isBetween(60L, 100L);
        List<JsonNode> bySeq = new ArrayList<>(t.items);
        bySeq.sort(Comparator.comparingLong(i -> Math.abs(i.get("message").get("seq").longValue())));
        long first = bySeq.get(0).get("message").get("t").longValue();
        for (int i = 0; i < bySeq.size(); i++) {
            JsonNode m = bySeq.get(i).get("message");
            assertThat(m.get("t").longValue() - first).as("stamp of request %d", i).isEqualTo(i * 5_000L);
            // requests due in the first 100 ms are warm-up: negative seq
            assertThat(m.get("seq").longValue() < 0).isEqualTo(i < 20);
        }
        assertThat(r.maxBehindMicros()).isGreaterThan(100_000);
    }

    @Test
    void givesUpWhenTheFirstRequestsAllFail() {
        Recording t = new Recording(call -> "HTTP 500");
        assertThatThrownBy(() -> run(new PublishSpec(new String[] {"a"}, 0, 1, Duration.ZERO, Duration.ofSeconds(20),
                2, 1_000_000), t)).isInstanceOf(BenchException.class)
                .hasMessageContaining("first 10 publish requests all failed").hasMessageContaining("HTTP 500");
    }
}
