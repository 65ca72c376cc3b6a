package io.csgate.ingest.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.csgate.common.body.Bodies;
import io.csgate.common.body.ValidationException;
import io.csgate.common.event.Envelope;
import io.csgate.common.event.EventCodec;
import io.csgate.common.event.Op;
import io.csgate.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Set;
import java.util.UUID;

/**
 * Decides what a JSON line is and validates it with the gateway's own rules
 * ({@link Bodies#validate}), so what passes here is what a gateway applies:
 * <ul>
 *   <li>an object with both {@code op} and {@code body} keys is a full envelope (docs/producers.md):
 *       {@code v} must be 1 when present, {@code id} (default: a random UUID), {@code time} (default:
 *       now, which gateways hold to the record's append time) and {@code origin} (default
 *       {@value #ORIGIN}) are optional, no other key is allowed, {@code id} and {@code origin} are
 *       held to the gateways' bounds, and {@code op} must be an API operation, not a gateway
 *       lifecycle event;
 *   <li>any other object is one {@code POST /message} item.
 * </ul>
 * Stateless and thread-safe.
 */
public final class LineParser {

    private final Clock clock;

    /** @param clock gives the {@code time} of envelope lines without one */
    public LineParser(Clock clock) {
        this.clock = clock;
    }

    public LineParser() {
        this(Clock.systemUTC());
    }

    /** The envelope {@code origin} of what the CLI produces. */
    public static final String ORIGIN = "ingest-cli";
    /** Longest line accepted: a record must stay under Kafka's default 1 MB record limit. */
    public static final int MAX_LINE_BYTES = 900 * 1024;

    /** Operations a producer outside the gateways may send. */
    public static final Set<Op> API_OPS = Collections.unmodifiableSet(EnumSet.of(Op.CONNECT, Op.SUBSCRIBE,
            Op.UNSUBSCRIBE, Op.DISCONNECT, Op.USER_STATE, Op.CHANNEL_CONFIG, Op.MESSAGE, Op.MESSAGE_EDIT,
            Op.MESSAGE_DELETE));
    private static final Set<String> ENVELOPE_KEYS = Set.of("v", "id", "op", "time", "origin", "body");

    public ParsedLine parse(byte[] buf, int off, int len, boolean truncated) {
        if (truncated) {
            return ParsedLine.invalid("longer than " + MAX_LINE_BYTES + " bytes");
        }
        if (isBlank(buf, off, len)) {
            return ParsedLine.BLANK;
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(buf, off, len);
        } catch (IOException e) {
            // Rare: parse the line again as text, so columns count characters rather than bytes.
            String text = new String(buf, off, len, StandardCharsets.UTF_8);
            String problem = JsonSyntax.problem(text);
            return ParsedLine.invalid(problem != null ? "not JSON: " + problem : "not valid UTF-8 text");
        }
        if (node == null || !node.isObject()) {
            return ParsedLine.invalid("expected a JSON object (a message item or an envelope)");
        }
        if (node.has("op") && node.has("body")) {
            return envelope(node);
        }
        ArrayNode one = JsonNodeFactory.instance.arrayNode(1).add(node);
        try {
            Bodies.messages(one);
            return ParsedLine.MESSAGE;
        } catch (ValidationException e) {
            Object itemErrors = e.errors().get("0");
            return ParsedLine.invalid("invalid message item: "
                    + Json.text(itemErrors != null ? itemErrors : e.errors()));
        }
    }

    private ParsedLine envelope(JsonNode node) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!ENVELOPE_KEYS.contains(key)) {
                return ParsedLine.invalid("unknown envelope field '" + key + "' (an envelope has v, id, op, time,"
                        + " origin, body)");
            }
        }
        JsonNode v = node.get("v");
        if (v != null && !(v.isIntegralNumber() && v.canConvertToInt() && v.intValue() == Envelope.VERSION)) {
            return ParsedLine.invalid("envelope 'v' must be " + Envelope.VERSION + ", got " + v);
        }
        String id;
        String origin;
        Op op;
        Instant time = null;
        try {
            id = text(node, "id", UUID.randomUUID().toString());
            origin = text(node, "origin", ORIGIN);
            String opName = text(node, "op", null);
            op = Op.fromWire(opName).orElse(null);
            if (op == null || !API_OPS.contains(op)) {
                return ParsedLine.invalid("envelope 'op' must be one of " + opNames() + ", got '" + opName + "'");
            }
            String t = text(node, "time", null);
            time = t != null ? Instant.parse(t) : clock.instant().truncatedTo(ChronoUnit.MICROS);
            String problem = Envelope.nameProblem("id", id, Envelope.MAX_ID_BYTES);
            if (problem == null) {
                problem = Envelope.nameProblem("origin", origin, Envelope.MAX_ORIGIN_BYTES);
            }
            if (problem != null) {
                return ParsedLine.invalid("envelope " + problem);
            }
        } catch (IllegalArgumentException e) {
            return ParsedLine.invalid(e.getMessage());
        } catch (DateTimeParseException e) {
            return ParsedLine.invalid("envelope 'time' is not an ISO-8601 instant such as 2024-05-01T12:00:00Z: '"
                    + e.getParsedString() + "'");
        }
        try {
            Bodies.validate(op, node.get("body"));
        } catch (ValidationException e) {
            return ParsedLine.invalid("invalid " + op.wireName() + " body: " + Json.text(e.errors()));
        }
        return ParsedLine.envelope(EventCodec.encode(new Envelope(Envelope.VERSION, id, op, time, origin,
                node.get("body"))));
    }

    private static String text(JsonNode node, String field, String absent) {
        JsonNode f = node.get(field);
        if (f == null || f.isNull()) {
            if (absent == null && field.equals("op")) {
                throw new IllegalArgumentException("envelope 'op' must be a string");
            }
            return absent;
        }
        if (!f.isTextual() || f.textValue().isEmpty()) {
            throw new IllegalArgumentException("envelope '" + field + "' must be a non-empty string");
        }
        return f.textValue();
    }

    private static String opNames() {
        StringBuilder b = new StringBuilder();
        for (Op op : API_OPS) {
            b.append(b.length() == 0 ? "" : ", ").append(op.wireName());
        }
        return b.toString();
    }

    private static boolean isBlank(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte c = buf[i];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }
}
