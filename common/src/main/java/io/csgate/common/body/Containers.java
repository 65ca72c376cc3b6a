package io.csgate.common.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** marshmallow's {@code fields.List} and {@code fields.Dict(values=...)}. Results are unmodifiable. */
final class Containers {

    private Containers() {}

    /**
     * A list whose items may not be null. Item errors are keyed by index; the length check runs
     * only when every item is valid, as in marshmallow.
     */
    static <T> Conversion<List<T>> list(Conversion<T> item, int minItems) {
        return node -> {
            if (!node.isArray()) {
                throw FieldError.of(ErrorText.LIST);
            }
            List<T> out = new ArrayList<>(node.size());
            Map<String, Object> errors = new LinkedHashMap<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode value = node.get(i);
                try {
                    if (value.isNull()) {
                        throw FieldError.of(ErrorText.NULL);
                    }
                    out.add(item.convert(value));
                } catch (FieldError e) {
                    errors.put(Integer.toString(i), e.messages());
                }
            }
            if (!errors.isEmpty()) {
                throw new FieldError(errors);
            }
            if (out.size() < minItems) {
                throw FieldError.of(ErrorText.shorterThan(minItems));
            }
            return List.copyOf(out);
        };
    }

    static <T> Conversion<List<T>> list(Conversion<T> item) {
        return list(item, 0);
    }

    /**
     * A JSON object with string keys (always valid) and converted values, in request order. Value
     * errors are reported as {@code {"key": {"value": [...]}}}.
     *
     * @param nullValues whether a value may be JSON null (then kept as Java null)
     */
    static <V> Conversion<Map<String, V>> mapping(Conversion<V> values, boolean nullValues) {
        return mapping(null, values, nullValues);
    }

    /**
     * marshmallow's {@code fields.Dict(keys=..., values=...)}: as {@link #mapping(Conversion, boolean)},
     * and each key is checked with {@code keys} (null: any key); key errors are reported as
     * {@code {"key": {"key": [...]}}}, next to the value's errors when both fail.
     */
    static <V> Conversion<Map<String, V>> mapping(Conversion<String> keys, Conversion<V> values, boolean nullValues) {
        return node -> {
            if (!node.isObject()) {
                throw FieldError.of(ErrorText.MAPPING);
            }
            Map<String, V> out = new LinkedHashMap<>();
            Map<String, Object> errors = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Map<String, Object> entryErrors = new LinkedHashMap<>();
                if (keys != null) {
                    try {
                        keys.convert(JsonNodeFactory.instance.textNode(e.getKey()));
                    } catch (FieldError error) {
                        entryErrors.put("key", error.messages());
                    }
                }
                try {
                    if (e.getValue().isNull() && !nullValues) {
                        throw FieldError.of(ErrorText.NULL);
                    }
                    out.put(e.getKey(), e.getValue().isNull() ? null : values.convert(e.getValue()));
                } catch (FieldError error) {
                    entryErrors.put("value", error.messages());
                }
                if (!entryErrors.isEmpty()) {
                    errors.put(e.getKey(), entryErrors);
                }
            }
            if (!errors.isEmpty()) {
                throw new FieldError(errors);
            }
            return Collections.unmodifiableMap(out);
        };
    }
}
