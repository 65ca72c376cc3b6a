package io.csgate.common.body;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds text that cannot be encoded: a JSON string or object key holding a lone surrogate
 * ({@code "\ud800"} is valid JSON, but no UTF-8 encoder can write it back). Every body is checked
 * before its schema, so such text is refused at validation (a 422, a rejected record) instead of
 * being stored and failing later, when an answer or a frame is written.
 *
 * <p>Errors follow the body's shape, like marshmallow's: a bad value under its field name (list
 * items under their index), a bad key as {@code {"<key>": ["Key is not valid ..."]}}, where the key
 * is shown with each lone surrogate replaced by U+FFFD so that the error itself can be encoded.
 */
final class Unencodable {

    private Unencodable() {}

    /** Throws {@link ValidationException} when {@code body} holds text that cannot be encoded. */
    static void check(JsonNode body) {
        if (body == null) {
            return;
        }
        Object errors = find(body);
        if (errors instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> dict = (Map<String, Object>) m;
            throw new ValidationException(dict);
        }
        if (errors != null) {
            throw new ValidationException(Map.of(ErrorText.SCHEMA_KEY, errors));
        }
    }

    /** Null when {@code node} is fine; a message list for a string, an error dict for a container. */
    private static Object find(JsonNode node) {
        if (node.isTextual()) {
            return encodable(node.textValue()) ? null : List.of(ErrorText.UNENCODABLE);
        }
        if (node.isObject()) {
            Map<String, Object> errors = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Object error = encodable(e.getKey()) ? find(e.getValue()) : List.of(ErrorText.UNENCODABLE_KEY);
                if (error != null) {
                    errors = errors == null ? new LinkedHashMap<>() : errors;
                    errors.put(printable(e.getKey()), error);
                }
            }
            return errors;
        }
        if (node.isArray()) {
            Map<String, Object> errors = null;
            for (int i = 0; i < node.size(); i++) {
                Object error = find(node.get(i));
                if (error != null) {
                    errors = errors == null ? new LinkedHashMap<>() : errors;
                    errors.put(Integer.toString(i), error);
                }
            }
            return errors;
        }
        return null;
    }

    /** True when every surrogate in {@code s} is half of a pair. */
    static boolean encodable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    private static String printable(String s) {
        if (encodable(s)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else {
                b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return b.toString();
    }
}
