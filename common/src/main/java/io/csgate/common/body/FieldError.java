package io.csgate.common.body;

import java.util.List;
import java.util.Map;

/**
 * The errors of one field: a list of messages, or a nested error dict for lists, mappings and
 * nested schemas. Thrown by {@link Conversion}s and caught by whoever places it in the parent dict.
 */
final class FieldError extends RuntimeException {

    private final transient Object messages;

    FieldError(Object messages) {
        super(null, null, false, false);
        this.messages = messages;
    }

    static FieldError of(String message) {
        return new FieldError(List.of(message));
    }

    Object messages() {
        return messages;
    }

    /** The messages of a failed schema, which are always a dict. */
    @SuppressWarnings("unchecked")
    Map<String, Object> dict() {
        return (Map<String, Object>) messages;
    }

    @Override
    public String getMessage() {
        return String.valueOf(messages);
    }
}
