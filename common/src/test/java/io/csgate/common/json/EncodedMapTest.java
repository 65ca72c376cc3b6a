package io.csgate.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncodedMapTest {

    private static LinkedHashMap<String, Object> entry(String user) {
        LinkedHashMap<String, Object> state = new LinkedHashMap<>();
        state.put("bio", "line\n\"quoted\" ünïcødé \u2028 😀");
        state.put("n", new BigDecimal("1.10"));
        state.put("tags", new ArrayList<>(List.of("a", "b")));
        state.put("none", null);
        LinkedHashMap<String, Object> e = new LinkedHashMap<>();
        e.put("user", user);
        e.put("state", state);
        return e;
    }

    @Test
    void answersCarryingItAreTheSameJsonAsWithThePlainMap() {
        EncodedMap shared = new EncodedMap(entry("alice"));
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("users", List.of(entry("alice"), entry("bob")));
        plain.put("after", 1);
        Map<String, Object> encoded = new LinkedHashMap<>();
        encoded.put("users", List.of(shared, new EncodedMap(entry("bob"))));
        encoded.put("after", 1);

        String expected = Json.text(plain);
        assertThat(Json.text(encoded)).isEqualTo(expected);
        // again, now from the cached encoding, and as bytes
        assertThat(new String(Json.bytes(encoded), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(Json.text(shared)).isEqualTo(Json.text(entry("alice")));
    }

    @Test
    void isEncodedOnceAndReused() {
        EncodedMap shared = new EncodedMap(entry("alice"));
        Json.text(List.of(shared));
        Object first = shared.encoded();
        Json.text(List.of(shared, shared));
        assertThat(shared.encoded()).isSameAs(first);
    }

    @Test
    void treeConversionsSeeAnOrdinaryObject() throws Exception {
        EncodedMap shared = new EncodedMap(entry("alice"));
        Json.text(shared); // an encoding cached beforehand must not leak into trees as a raw value
        assertThat(Json.tree(List.of(shared))).isEqualTo(Json.parse("[" + Json.text(entry("alice")) + "]"));
        assertThat(Json.toMap(shared)).isEqualTo(Json.readMap(Json.bytes(entry("alice"))));
    }

    @Test
    void actsAsAnUnmodifiableMapOfItsValues() {
        EncodedMap shared = new EncodedMap(entry("alice"));
        assertThat(shared).isEqualTo(entry("alice")).hasSize(2).containsEntry("user", "alice");
        assertThat(shared.get("state")).isEqualTo(entry("alice").get("state"));
        assertThatThrownBy(() -> shared.put("user", "mallory")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> shared.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
