package io.csgate.common.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.csgate.common.json.IsoTime;
import io.csgate.common.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Encodes and decodes {@link Envelope}s as record values (compact UTF-8 JSON). Thread-safe. */
public final class EventCodec {

    /**
     * The range of envelope times: Python's datetime (the reference's) and ISO-8601 without a sign.
     * Times beyond it (Instant reaches a billion years) would overflow the arithmetic of whoever
     * compares them, so a record that carries one is refused like any other undecodable record.
     */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private EventCodec() {}

    public static byte[] encode(Envelope e) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("v", e.v());
        node.put("id", e.id());
        node.put("op", e.op().wireName());
        if (e.time() != null) {
            node.put("time", e.time().toString());
        }
        if (e.origin() != null) {
            node.put("origin", e.origin());
        }
        node.set("body", e.body());
        return Json.bytes(node);
    }

    /**
     * Decodes a record value.
     *
     * @throws BadEventException naming what is wrong, when the value is not a supported envelope
     */
    public static Envelope decode(byte[] value) {
        if (value == null) {
            throw new BadEventException("empty record value");
        }
        JsonNode node;
        try {
            node = Json.parse(value);
        } catch (IOException e) {
            throw new BadEventException("not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadEventException("the envelope must be a JSON object");
        }
        JsonNode v = node.get("v");
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new BadEventException("missing or non-integer 'v'");
        }
        if (v.intValue() != Envelope.VERSION) {
            throw new BadEventException("unsupported envelope version " + v.intValue());
        }
        String id = text(node, "id", true);
        String idProblem = Envelope.nameProblem("id", id, Envelope.MAX_ID_BYTES);
        if (idProblem != null) {
            throw new BadEventException(idProblem);
        }
        String opName = text(node, "op", true);
        Op op = Op.fromWire(opName).orElseThrow(() -> new BadEventException("unknown op '" + opName + "'"));
        String timeText = text(node, "time", false);
        Instant time = null;
        if (timeText != null) {
            try {
                time = IsoTime.parseInstant(timeText);
            } catch (DateTimeParseException ex) {
                throw new BadEventException("'time' is not an ISO-8601 instant: " + timeText);
            }
            if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
                throw new BadEventException("'time' is outside the years 1 to 9999: " + timeText);
            }
        }
        JsonNode body = node.get("body");
        if (body == null || body.isNull()) {
            throw new BadEventException("missing 'body'");
        }
        String origin = text(node, "origin", false);
        String originProblem = origin == null ? null : Envelope.nameProblem("origin", origin, Envelope.MAX_ORIGIN_BYTES);
        if (originProblem != null) {
            throw new BadEventException(originProblem);
        }
        return new Envelope(Envelope.VERSION, id, op, time, origin, body);
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode f = node.get(field);
        if (f == null || f.isNull()) {
            if (required) {
                throw new BadEventException("missing '" + field + "'");
            }
            return null;
        }
        if (!f.isTextual() || f.textValue().isEmpty()) {
            throw new BadEventException("'" + field + "' must be a non-empty string");
        }
        return f.textValue();
    }
}
