package io.csgate.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.gateway.hub.Frame;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PollSessionTest {

    private static Frame event(int n, int pad) {
        return new Frame("[{\"n\":" + n + ",\"pad\":\"" + "p".repeat(pad) + "\"}]");
    }

    @Test
    void theCatchUpGoesWholeThenLiveFramesUpToTheLimit() {
        AtomicInteger full = new AtomicInteger();
        PollSession poll = new PollSession(100, () -> { }, full::incrementAndGet);
        for (int i = 0; i < 5; i++) {
            assertThat(poll.send(event(i, 30))).as("catch-up %d", i).isTrue(); // 200+ bytes: over the limit
        }
        AtomicLong position = new AtomicLong(41);
        poll.caughtUp(position::get);
        assertThat(poll.resumeAfter()).isEqualTo(-1);
        assertThat(poll.send(event(5, 10))).as("full already: refused").isFalse();
        assertThat(full.get()).isEqualTo(1);
        assertThat(poll.resumeAfter()).as("the position before the refused event").isEqualTo(40);
        position.set(42);
        assertThat(poll.send(Frame.HEARTBEAT)).isFalse();
        assertThat(poll.resumeAfter()).isEqualTo(40);
        assertThat(poll.finish()).startsWith("[{\"n\":0,").endsWith("{\"n\":4,\"pad\":\"" + "p".repeat(30) + "\"}]");
    }

    @Test
    void liveFramesAreTakenWhileTheAnswerFitsAndHeartbeatsAddNothing() {
        PollSession poll = new PollSession(60, () -> { }, () -> { });
        poll.caughtUp(() -> 7);
        assertThat(poll.send(Frame.HEARTBEAT)).isTrue();
        assertThat(poll.send(event(0, 3))).isTrue();  // [{"n":0,"pad":"ppp"}] : 22 bytes
        assertThat(poll.send(Frame.HEARTBEAT)).isTrue();
        assertThat(poll.send(event(1, 3))).isTrue();  // 22 + 21 = 43
        assertThat(poll.send(event(2, 3))).isFalse(); // 64 > 60
        assertThat(poll.resumeAfter()).isEqualTo(6);
        String answer = poll.finish();
        assertThat(answer).isEqualTo("[{\"n\":0,\"pad\":\"ppp\"},{\"n\":1,\"pad\":\"ppp\"}]");
        assertThat(answer.length()).isLessThanOrEqualTo(60);
    }

    @Test
    void aFirstLiveFrameLargerThanTheLimitStillGoes() {
        PollSession poll = new PollSession(20, () -> { }, () -> { });
        poll.caughtUp(() -> 3);
        assertThat(poll.send(event(0, 50))).isTrue();
        assertThat(poll.send(event(1, 0))).isFalse();
        assertThat(poll.finish()).contains("\"n\":0").doesNotContain("\"n\":1");
    }
}
