package io.csgate.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainValuesTest {

    @Test
    void equalityFollowsPython() {
        assertThat(PlainValues.pyEquals(1L, 1.0)).isTrue();
        assertThat(PlainValues.pyEquals(true, 1L)).isTrue();
        assertThat(PlainValues.pyEquals(false, 0.0)).isTrue();
        assertThat(PlainValues.pyEquals(BigInteger.valueOf(7), 7L)).isTrue();
        assertThat(PlainValues.pyEquals(new BigDecimal("0.1000000000000000000001"), 0.1)).isTrue();
        assertThat(PlainValues.pyEquals(BigInteger.TWO.pow(53).add(BigInteger.ONE), Math.pow(2, 53))).isFalse();
        assertThat(PlainValues.pyEquals(null, null)).isTrue();
        assertThat(PlainValues.pyEquals(null, 0L)).isFalse();
        assertThat(PlainValues.pyEquals("1", 1L)).isFalse();
        assertThat(PlainValues.pyEquals(true, "true")).isFalse();
        assertThat(PlainValues.pyEquals(2L, 1L)).isFalse();
    }

    @Test
    void stringsSortByCodePointLikePython() {
        List<String> names = new ArrayList<>(List.of("\uFF01", "\uD83D\uDE00", "b", "a"));
        names.sort(PlainValues.PY_ORDER);
        assertThat(names).containsExactly("a", "b", "\uFF01", "\uD83D\uDE00");
        assertThat(PlainValues.PY_ORDER.compare("ab", "a")).isPositive();
    }

    @Test
    void deepCopySharesNoContainer() {
        Map<String, Object> original = Bodies.map("list", new ArrayList<>(List.of(Bodies.map("k", 1L))));
        Map<String, Object> copy = PlainValues.copyMap(original);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>) copy.get("list");
        list.get(0).put("k", 2L);

        assertThat(original).isEqualTo(Bodies.map("list", List.of(Bodies.map("k", 1L))));
    }
}
