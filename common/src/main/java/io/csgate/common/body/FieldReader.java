package io.csgate.common.body;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.json.Json;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the fields of one JSON object the way a marshmallow 3 schema loads it: every field is
 * read and every error kept, in the order the fields are read (the reference schemas are
 * {@code ordered}), then keys nobody read are "Unknown field." unless {@link #extras} took them.
 *
 * <p>A schema function reads its fields, calls {@link #done()} and only then builds its record,
 * so that it never sees the nulls of failed fields.
 */
final class FieldReader {

    private final JsonNode object;
    private final Map<String, Object> errors = new LinkedHashMap<>();
    private final Set<String> known = new HashSet<>();
    private boolean includeUnknown;

    private FieldReader(JsonNode object) {
        this.object = object;
    }

    /** A nested schema as a conversion: a non-object is {@code {"_schema": ["Invalid input type."]}}. */
    static <T> Conversion<T> schema(Function<FieldReader, T> schema) {
        return node -> {
            if (!node.isObject()) {
                throw new FieldError(ErrorText.invalidInputType());
            }
            return schema.apply(new FieldReader(node));
        };
    }

    /** A required field: absent is "Missing data for required field.", null "Field may not be null.". */
    <T> T required(String name, Conversion<T> conversion) {
        known.add(name);
        if (!object.has(name)) {
            errors.put(name, List.of(ErrorText.REQUIRED));
            return null;
        }
        return convert(name, conversion, false);
    }

    /** A field with a default ({@code missing=} other than None): null is "Field may not be null.". */
    <T> T optional(String name, Conversion<T> conversion, T absent) {
        known.add(name);
        return object.has(name) ? convert(name, conversion, false) : absent;
    }

    /** A field with {@code missing=None}, which marshmallow makes nullable: null reads as null. */
    <T> T nullable(String name, Conversion<T> conversion, T absent) {
        known.add(name);
        return object.has(name) ? convert(name, conversion, true) : absent;
    }

    boolean present(String name) {
        return object.has(name);
    }

    /**
     * {@code unknown = INCLUDE}: every key not read so far, in request order, as plain Java values,
     * except {@code dropped}. Call after reading the declared fields.
     */
    Map<String, Object> extras(Set<String> dropped) {
        includeUnknown = true;
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey()) && !dropped.contains(e.getKey())) {
                out.put(e.getKey(), Json.plain(e.getValue()));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Adds "Unknown field." for unread keys (unless extras were taken); throws if anything failed. */
    void done() {
        if (!includeUnknown) {
            for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!known.contains(name)) {
                    errors.put(name, List.of(ErrorText.UNKNOWN));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new FieldError(errors);
        }
    }

    private <T> T convert(String name, Conversion<T> conversion, boolean nullable) {
        JsonNode value = object.get(name);
        if (value.isNull()) {
            if (!nullable) {
                errors.put(name, List.of(ErrorText.NULL));
            }
            return null;
        }
        try {
            return conversion.convert(value);
        } catch (FieldError e) {
            errors.put(name, e.messages());
            return null;
        }
    }
}
