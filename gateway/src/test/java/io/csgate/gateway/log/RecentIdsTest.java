package io.csgate.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.gateway.log.RecentIds.Result;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentIdsTest {

    @Test
    void remembersTheLastIdsOnly() {
        RecentIds ids = new RecentIds(3);
        for (String id : List.of("a", "b", "c", "d")) {
            assertThat(ids.add(id)).isTrue();
        }
        assertThat(ids.add("d")).isFalse();
        assertThat(ids.add("b")).isFalse();
        assertThat(ids.add("a")).as("let go of").isTrue();
        assertThat(ids.snapshot().ids()).containsExactly("c", "d", "a");
    }

    @Test
    void lettingGoOfABoundRecordRaisesTheReplayFloorToItsTime() {
        RecentIds ids = new RecentIds(2);
        assertThat(ids.add("a", 100)).isEqualTo(Result.ADDED);
        assertThat(ids.add("u", RecentIds.UNBOUND)).isEqualTo(Result.ADDED);
        assertThat(ids.add("b", 90)).isEqualTo(Result.ADDED); // "a" goes: floor 100
        assertThat(ids.floor()).isEqualTo(100);
        // a copy of "a" (same id, same signed time) is no longer known by its id, but by its time
        assertThat(ids.add("a", 100)).isEqualTo(Result.BELOW_FLOOR);
        assertThat(ids.add("late", 99)).isEqualTo(Result.BELOW_FLOOR);
        assertThat(ids.add("b", 90)).isEqualTo(Result.DUPLICATE);
        assertThat(ids.add("c", 101)).isEqualTo(Result.ADDED); // "u" goes: unbound, the floor stays
        assertThat(ids.floor()).isEqualTo(100);
        assertThat(ids.add("unbound-old", RecentIds.UNBOUND)).as("unbound records have no floor").isEqualTo(Result.ADDED);
    }

    @Test
    void aSnapshotRestoresTheSameWindow() {
        RecentIds ids = new RecentIds(3);
        ids.add("a", 5);
        ids.add("b", RecentIds.UNBOUND);
        ids.add("c", 7);
        ids.add("d", 8);
        IdWindow saved = ids.snapshot();
        assertThat(saved).isEqualTo(new IdWindow(List.of("b", "c", "d"), Arrays.asList(null, 7L, 8L), 5L));

        RecentIds back = new RecentIds(3);
        back.restore(saved);
        assertThat(back.snapshot()).isEqualTo(saved);
        assertThat(back.add("e", 9)).isEqualTo(Result.ADDED); // "b" goes: unbound
        assertThat(back.floor()).isEqualTo(5);
        assertThat(back.add("f", 10)).isEqualTo(Result.ADDED); // "c" goes
        assertThat(back.floor()).isEqualTo(7);
    }

    @Test
    void anOldSnapshotCannotBringUnboundedIdsBack() {
        List<String> saved = new ArrayList<>();
        saved.add("x".repeat(700 * 1024)); // what a snapshot taken before ids were bounded may hold
        saved.add("");
        saved.add("ok-1");
        saved.add("ok-2");
        saved.add("ok-3");
        RecentIds ids = new RecentIds(2);
        ids.restore(new IdWindow(saved, List.of(), null));
        assertThat(ids.snapshot()).isEqualTo(new IdWindow(List.of("ok-2", "ok-3"), Arrays.asList(null, null), null));
    }
}
