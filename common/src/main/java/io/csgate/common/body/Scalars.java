package io.csgate.common.body;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.json.IsoTime;
import io.csgate.common.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The scalar fields of the reference schemas, with the input coercions marshmallow 3 performs
 * (Python semantics: {@code int()} of strings and floats, {@code value in truthy} for booleans,
 * {@code uuid.UUID(str)}).
 */
final class Scalars {

    /** {@code fields.Boolean.truthy}; Python's {@code 1 == 1.0 == True} makes those match too. */
    private static final Set<String> TRUTHY =
            Set.of("t", "T", "true", "True", "TRUE", "on", "On", "ON", "y", "Y", "yes", "Yes", "YES", "1");
    private static final Set<String> FALSY =
            Set.of("f", "F", "false", "False", "FALSE", "off", "Off", "OFF", "n", "N", "no", "No", "NO", "0");

    /** What Python's {@code int(str)} accepts in base 10 once surrounding whitespace is stripped. */
    private static final Pattern PY_INT = Pattern.compile("[+-]?\\p{Nd}+(?:_\\p{Nd}+)*");

    static final Conversion<Boolean> BOOL = Scalars::bool;
    static final Conversion<UUID> UUID = Scalars::uuid;
    /** {@code fields.DateTime()}: the normalized string (see {@link #normalizeTimestamp}). */
    static final Conversion<String> DATETIME = Scalars::dateTime;
    /** Channelstream's {@code UserStateField}: string, integer, float, boolean (null is allowed by the caller). */
    static final Conversion<Object> STATE_VALUE = Scalars::stateValue;
    /** {@code fields.Dict()} without key or value fields: any JSON object, as plain Java. */
    static final Conversion<Object> MAPPING = Scalars::mapping;

    private Scalars() {}

    /**
     * {@code fields.String(validate=Length(min, max))}; {@code max} {@link Integer#MAX_VALUE} = no
     * upper bound, {@code min} 0 = no lower bound.
     */
    static Conversion<String> string(int min, int max) {
        return node -> {
            if (!node.isTextual()) {
                throw FieldError.of(ErrorText.STRING);
            }
            String s = node.textValue();
            int length = s.codePointCount(0, s.length()); // Python's len() counts code points
            if (length < min || length > max) {
                throw FieldError.of(max == Integer.MAX_VALUE ? ErrorText.shorterThan(min)
                        : min == 0 ? ErrorText.longerThan(max) : ErrorText.lengthBetween(min, max));
            }
            return s;
        };
    }

    /**
     * {@code fields.Integer(validate=Range(min=min))}, clamped to {@link Integer#MAX_VALUE} (the
     * reference keeps Python's unbounded int).
     */
    static Conversion<Integer> integer(int min) {
        return node -> {
            BigInteger v = pythonInt(node);
            if (v.compareTo(BigInteger.valueOf(min)) < 0) {
                throw FieldError.of(ErrorText.atLeast(min));
            }
            return v.min(BigInteger.valueOf(Integer.MAX_VALUE)).intValue();
        };
    }

    private static BigInteger pythonInt(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue();
        }
        if (node.isFloatingPointNumber()) {
            double d = node.doubleValue(); // Python's json reads floats as doubles
            if (Double.isNaN(d)) {
                throw FieldError.of(ErrorText.INTEGER);
            }
            if (Double.isInfinite(d)) {
                throw FieldError.of(ErrorText.TOO_LARGE);
            }
            return new BigDecimal(d).toBigInteger(); // int(float) truncates towards zero
        }
        if (node.isTextual()) {
            String s = node.textValue().strip();
            if (PY_INT.matcher(s).matches()) {
                return new BigInteger(s.replace("_", "")); // BigInteger reads any Unicode digit, as int() does
            }
        }
        throw FieldError.of(ErrorText.INTEGER); // booleans included: marshmallow rejects True/False
    }

    private static Boolean bool(JsonNode node) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            if (TRUTHY.contains(node.textValue())) {
                return true;
            }
            if (FALSY.contains(node.textValue())) {
                return false;
            }
        } else if (node.isIntegralNumber()) {
            BigInteger v = node.bigIntegerValue();
            if (v.equals(BigInteger.ONE) || v.signum() == 0) {
                return v.signum() != 0;
            }
        } else if (node.isFloatingPointNumber()) {
            double d = node.doubleValue();
            if (d == 1.0 || d == 0.0) {
                return d == 1.0;
            }
        }
        throw FieldError.of(ErrorText.BOOLEAN);
    }

    /** Python's {@code uuid.UUID(text)}: {@code urn:}/{@code uuid:} prefixes, braces and dashes are ignored. */
    private static UUID uuid(JsonNode node) {
        if (!node.isTextual()) {
            throw FieldError.of(ErrorText.UUID);
        }
        String hex = node.textValue().replace("urn:", "").replace("uuid:", "");
        int from = 0;
        int to = hex.length();
        while (from < to && isBrace(hex.charAt(from))) {
            from++;
        }
        while (to > from && isBrace(hex.charAt(to - 1))) {
            to--;
        }
        hex = hex.substring(from, to).replace("-", "");
        if (hex.length() != 32 || !hex.chars().allMatch(Scalars::isHexDigit)) {
            throw FieldError.of(ErrorText.UUID);
        }
        return new UUID(Long.parseUnsignedLong(hex, 0, 16, 16), Long.parseUnsignedLong(hex, 16, 32, 16));
    }

    private static boolean isBrace(char c) {
        return c == '{' || c == '}';
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static String dateTime(JsonNode node) {
        if (!node.isTextual() || node.textValue().isEmpty()) {
            throw FieldError.of(ErrorText.DATETIME);
        }
        try {
            return normalizeTimestamp(node.textValue());
        } catch (DateTimeException e) {
            throw FieldError.of(ErrorText.DATETIME);
        }
    }

    /**
     * Parses with {@link IsoTime#parse} and formats as the reference re-emits the value in HTTP
     * answers: naive input as naive isoformat; offset input converted to UTC with {@code +00:00}.
     *
     * @throws DateTimeException when {@code text} is not a date-time {@link IsoTime#parse} accepts
     */
    static String normalizeTimestamp(String text) {
        IsoTime.Parsed parsed = IsoTime.parseDetailed(text);
        String utc = IsoTime.format(parsed.instant());
        return parsed.naive() ? utc : utc + "+00:00";
    }

    private static Object stateValue(JsonNode node) {
        if (node.isTextual() || node.isNumber() || node.isBoolean() || node.isNull()) {
            return Json.plain(node);
        }
        throw FieldError.of(ErrorText.STATE_VALUE);
    }

    private static Object mapping(JsonNode node) {
        if (!node.isObject()) {
            throw FieldError.of(ErrorText.MAPPING);
        }
        return Json.plain(node);
    }
}
