package io.csgate.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApplierThreadTest {

    private final ApplierThread state = new ApplierThread();
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void close() {
        state.close();
    }

    @Test
    void anIdleStateThreadLetsTheCallerRunTheTaskAtOnce() {
        String caller = Thread.currentThread().getName();
        boolean here = state.runHereIfIdle(() -> ran.add("t@" + Thread.currentThread().getName()));
        assertThat(here).isTrue();
        assertThat(ran).containsExactly("t@" + caller);
    }

    @Test
    void whileATaskIsUnfinishedNothingRunsElsewhereAndTheOrderGivenIsKept() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        state.execute(() -> {
            running.countDown();
            await(release);
            ran.add("first@" + Thread.currentThread().getName());
        });
        state.execute(() -> ran.add("second@" + Thread.currentThread().getName()));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(state.runHereIfIdle(() -> ran.add("third"))).isFalse(); // busy: nothing ran
        state.execute(() -> ran.add("third@" + Thread.currentThread().getName()));
        release.countDown();
        state.call(() -> null).get(10, TimeUnit.SECONDS);

        assertThat(ran).containsExactly("first@csgate-applier", "second@csgate-applier", "third@csgate-applier");
        // idle again once the last task has finished (its future completes just before)
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state.runHereIfIdle(() -> ran.add("fourth")));
        assertThat(ran).endsWith("fourth");
    }

    @Test
    void aTaskQueuedButNotYetStartedAlsoKeepsTheCallerOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        state.execute(() -> await(release));
        state.execute(() -> ran.add("queued"));
        assertThat(state.runHereIfIdle(() -> ran.add("inline"))).isFalse();
        release.countDown();
        state.call(() -> null).get(10, TimeUnit.SECONDS);
        assertThat(ran).containsExactly("queued");
    }

    @Test
    void aStoppedStateThreadRunsNothingHere() {
        state.close();
        assertThat(state.runHereIfIdle(() -> ran.add("x"))).isFalse();
        assertThat(state.execute(() -> ran.add("y"))).isFalse();
        assertThat(ran).isEmpty();
    }

    @Test
    void aFailingTaskDoesNotStopTheOnesAfterIt() throws Exception {
        state.execute(() -> {
            throw new IllegalStateException("a bug");
        });
        assertThat(state.call(() -> "after").get(10, TimeUnit.SECONDS)).isEqualTo("after");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state.runHereIfIdle(() -> {
            throw new IllegalStateException("a bug here");
        }));
        assertThat(state.call(() -> "still").get(10, TimeUnit.SECONDS)).isEqualTo("still");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
