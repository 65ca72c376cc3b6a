package io.csgate.common.body;

import java.util.List;
import java.util.Map;

/**
 * marshmallow 3's messages, exactly as the reference (marshmallow 3.18, Debian 12) words them:
 * {@code fields.py}, {@code schema.py} and {@code validate.py}, plus Channelstream's own
 * {@code UserStateField} message.
 */
final class ErrorText {

    static final String SCHEMA_KEY = "_schema";

    static final String REQUIRED = "Missing data for required field.";
    static final String NULL = "Field may not be null.";
    static final String INPUT_TYPE = "Invalid input type.";
    static final String UNKNOWN = "Unknown field.";
    static final String STRING = "Not a valid string.";
    static final String UUID = "Not a valid UUID.";
    static final String BOOLEAN = "Not a valid boolean.";
    static final String INTEGER = "Not a valid integer.";
    static final String TOO_LARGE = "Number too large.";
    static final String LIST = "Not a valid list.";
    static final String MAPPING = "Not a valid mapping type.";
    static final String DATETIME = "Not a valid datetime.";
    static final String STATE_VALUE = "Value is not type of string, integer, boolean or float.";
    /** Ours: text no encoder can write (the reference accepts it, then fails while answering). */
    static final String UNENCODABLE = "Not valid Unicode text: it holds a lone surrogate.";
    static final String UNENCODABLE_KEY = "Key is not valid Unicode text: it holds a lone surrogate.";

    private ErrorText() {}

    /** {@code validate.Length(min=, max=)}. */
    static String lengthBetween(int min, int max) {
        return "Length must be between " + min + " and " + max + ".";
    }

    /** {@code validate.Length(min=)}. */
    static String shorterThan(int min) {
        return "Shorter than minimum length " + min + ".";
    }

    /** {@code validate.Length(max=)}. */
    static String longerThan(int max) {
        return "Longer than maximum length " + max + ".";
    }

    /** {@code validate.Range(min=)}. */
    static String atLeast(long min) {
        return "Must be greater than or equal to " + min + ".";
    }

    /** What a schema answers for input that is not an object (or a list, with many=True). */
    static Map<String, Object> invalidInputType() {
        return Map.of(SCHEMA_KEY, List.of(INPUT_TYPE));
    }
}
