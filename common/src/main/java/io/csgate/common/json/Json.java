package io.csgate.common.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one configured JSON mapper of the project, and the conversions between JSON trees and the
 * plain Java values (LinkedHashMap, ArrayList, String, Long, Double, BigInteger, BigDecimal, Boolean,
 * null) that the model works with. Thread-safe.
 *
 * <p>Compact UTF-8 output; object key order is insertion order, which is what Channelstream's
 * clients see. Integers stay integers, big numbers keep their precision.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(new SimpleModule("csgate").addSerializer(EncodedMap.class, new EncodedMap.Serializer()))
            .build();

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses JSON text; throws {@link JsonProcessingException} on malformed input. */
    public static JsonNode parse(byte[] bytes) throws IOException {
        return MAPPER.readTree(bytes);
    }

    public static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON tree as plain Java values (objects keep their key order). */
    public static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isFloatingPointNumber()) {
            double d = node.doubleValue();
            return Double.isFinite(d) && node.decimalValue().compareTo(java.math.BigDecimal.valueOf(d)) == 0
                    ? (Object) d : node.decimalValue();
        }
        return MAPPER.convertValue(node, Object.class);
    }

    /** A JSON object as an ordered map of plain Java values. */
    public static LinkedHashMap<String, Object> plainObject(JsonNode node) {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), plain(e.getValue())));
        return out;
    }

    /** Plain Java values back to a JSON tree. */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static LinkedHashMap<String, Object> toMap(Object value) {
        return MAPPER.convertValue(value, MAP);
    }

    public static Map<String, Object> readMap(byte[] bytes) throws IOException {
        return MAPPER.readValue(bytes, MAP);
    }
}
