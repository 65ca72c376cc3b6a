package io.csgate.common.body;

import java.util.List;
import java.util.Map;

/**
 * Input that fails validation. {@link #errors()} is marshmallow's error dict, the body of a 422:
 * field name to a list of messages, nested objects for nested fields, list items keyed by their
 * index as a string.
 */
public final class ValidationException extends RuntimeException {

    private final Map<String, Object> errors;

    public ValidationException(Map<String, Object> errors) {
        super(errors.toString(), null, false, false);
        this.errors = errors;
    }

    public static ValidationException field(String field, String message) {
        return new ValidationException(Map.of(field, List.of(message)));
    }

    public Map<String, Object> errors() {
        return errors;
    }
}
