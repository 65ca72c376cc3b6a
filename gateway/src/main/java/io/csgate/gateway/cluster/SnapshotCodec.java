package io.csgate.gateway.cluster;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.csgate.common.json.Json;
import io.csgate.gateway.log.IdWindow;
import io.csgate.gateway.model.ModelBuilder;
import io.csgate.gateway.model.ModelImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@link Snapshot}'s bytes, written and read as a stream: neither side ever holds the model as a
 * JSON tree, so what a snapshot costs in memory is its compressed size plus one user at a time.
 * Gzip at its fastest level: users' names and uuids compress to about a sixth.
 */
final class SnapshotCodec {

    private static final int BUFFER = 64 * 1024;
    /** Values inside the stream: the parser goes on after each, so trailing tokens are expected. */
    private static final ObjectReader MAP = Json.mapper().readerFor(LinkedHashMap.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectReader LIST = Json.mapper().readerFor(ArrayList.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectReader VALUE = Json.mapper().readerFor(Object.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SnapshotCodec() {}

    static byte[] encode(Snapshot s) {
        Chunks bytes = new Chunks();
        try (GZIPOutputStream gzip = new FastGzip(bytes);
             JsonGenerator g = Json.mapper().getFactory().createGenerator(gzip)) {
            g.writeStartObject();
            g.writeNumberField("format", Snapshot.FORMAT);
            g.writeStringField("events_topic", s.eventsTopic());
            Map<String, Long> pos = new TreeMap<>();
            s.positions().forEach((p, o) -> pos.put(Integer.toString(p), o));
            g.writeFieldName("positions");
            g.writeObject(pos);
            g.writeStringField("taken_at", s.takenAt().toString());
            g.writeStringField("by", s.by());
            g.writeFieldName("recent_ids");
            g.writeObject(s.recentIds().ids());
            g.writeFieldName("recent_id_times");
            g.writeObject(s.recentIds().times());
            g.writeFieldName("replay_floor");
            g.writeObject(s.recentIds().floorMicros());
            g.writeFieldName("admin_sessions_revoked");
            g.writeObject(new TreeMap<>(s.revokedSessions()));
            g.writeFieldName("model");
            writeModel(g, s.image());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a snapshot", e);
        }
        return bytes.toByteArray();
    }

    private static void writeModel(JsonGenerator g, ModelImage image) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, Object> e : image.head().entrySet()) {
            g.writeFieldName(e.getKey());
            g.writeObject(e.getValue());
        }
        g.writeFieldName("connections");
        g.writeObject(image.connections());
        g.writeArrayFieldStart("users");
        image.forEachUser((name, uuid, lastActive, more) -> {
            g.writeStartArray();
            g.writeString(name);
            g.writeString(uuid);
            g.writeString(lastActive);
            if (more != null) {
                g.writeObject(more);
            }
            g.writeEndArray();
        });
        g.writeEndArray();
        g.writeFieldName("channels");
        g.writeObject(image.channels());
        g.writeEndObject();
    }

    @SuppressWarnings("unchecked")
    static Snapshot decode(byte[] bytes) {
        InputStream in = new ByteArrayInputStream(bytes);
        Integer format = null;
        ModelBuilder model = null;
        Map<Integer, Long> positions = new TreeMap<>();
        List<String> recentIds = new ArrayList<>();
        List<Long> recentTimes = new ArrayList<>();
        Long replayFloor = null;
        Map<String, Long> revoked = new TreeMap<>();
        String eventsTopic = null;
        Instant takenAt = null;
        String by = null;
        try {
            if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
                in = new GZIPInputStream(in, BUFFER);
            }
            try (JsonParser p = Json.mapper().getFactory().createParser(in)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException("snapshot is not a JSON object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "format" -> {
                            format = p.getIntValue();
                            if (format != 1 && format != Snapshot.FORMAT) {
                                throw new IllegalArgumentException("unsupported snapshot format " + format);
                            }
                        }
                        case "model" -> {
                            if (format == null) {
                                throw new IllegalArgumentException("snapshot has no format before its model");
                            }
                            model = readModel(p);
                        }
                        case "positions" -> ((Map<String, Object>) MAP.readValue(p)).forEach((k, o) ->
                                positions.put(Integer.parseInt(k), ((Number) o).longValue()));
                        case "recent_ids" -> recentIds = (List<String>) LIST.readValue(p);
                        case "recent_id_times" -> ((List<Object>) LIST.readValue(p)).forEach(t ->
                                recentTimes.add(t == null ? null : ((Number) t).longValue()));
                        case "replay_floor" -> replayFloor = p.currentToken() == JsonToken.VALUE_NULL ? null
                                : p.getLongValue();
                        case "admin_sessions_revoked" -> ((Map<String, Object>) MAP.readValue(p)).forEach((k, e) ->
                                revoked.put(k, ((Number) e).longValue()));
                        case "events_topic" -> eventsTopic = p.getValueAsString();
                        case "taken_at" -> takenAt = Instant.parse(p.getValueAsString());
                        case "by" -> by = p.getValueAsString();
                        default -> p.skipChildren();
                    }
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("snapshot is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("snapshot cannot be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException("snapshot does not fit: " + e, e);
        }
        if (format == null || model == null || takenAt == null) {
            throw new IllegalArgumentException("snapshot lacks its format, model or taken_at");
        }
        return Snapshot.read(model, new IdWindow(recentIds, recentTimes, replayFloor), positions, eventsTopic,
                takenAt, by, revoked);
    }

    @SuppressWarnings("unchecked")
    private static ModelBuilder readModel(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("snapshot model is not an object");
        }
        ModelBuilder b = new ModelBuilder();
        Map<String, Object> head = new LinkedHashMap<>();
        boolean headGiven = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            boolean part = field.equals("connections") || field.equals("users") || field.equals("channels");
            if (!part) {
                head.put(field, VALUE.readValue(p));
                continue;
            }
            if (!headGiven) {
                b.head(head);
                headGiven = true;
            }
            if (value != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("snapshot model's " + field + " is not a list");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (field.equals("users") && t == JsonToken.START_ARRAY) {
                    user(p, b);
                } else if (t != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException("snapshot model's " + field + " holds a " + t);
                } else {
                    Map<String, Object> m = (Map<String, Object>) MAP.readValue(p);
                    switch (field) {
                        case "connections" -> b.connection(m);
                        case "users" -> b.user(m);
                        default -> b.channel(m);
                    }
                }
            }
        }
        if (!headGiven) {
            b.head(head);
        }
        return b;
    }

    /** {@code [name, uuid, last_active]} or {@code [name, uuid, last_active, {…}]}. */
    @SuppressWarnings("unchecked")
    private static void user(JsonParser p, ModelBuilder b) throws IOException {
        String name = text(p);
        String uuid = text(p);
        String lastActive = text(p);
        Map<String, Object> more = null;
        JsonToken t = p.nextToken();
        if (t == JsonToken.START_OBJECT) {
            more = (Map<String, Object>) MAP.readValue(p);
            t = p.nextToken();
        }
        if (t != JsonToken.END_ARRAY) {
            throw new IllegalArgumentException("snapshot user " + name + " has more than four parts");
        }
        b.user(name, uuid, lastActive, more);
    }

    private static String text(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("snapshot user lacks a name, uuid or last_active");
        }
        return p.getText();
    }

    /**
     * The compressed bytes in blocks of {@link #BUFFER}, copied once into an array of the exact size
     * at the end: at most twice the snapshot's size in memory, where a growing array takes three.
     */
    private static final class Chunks extends OutputStream {
        private final List<byte[]> full = new ArrayList<>();
        private byte[] current = new byte[BUFFER];
        private int used;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                if (used == current.length) {
                    full.add(current);
                    current = new byte[BUFFER];
                    used = 0;
                }
                int n = Math.min(len, current.length - used);
                System.arraycopy(b, off, current, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        byte[] toByteArray() {
            long size = (long) full.size() * BUFFER + used;
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("snapshot of " + size + " bytes is beyond any array");
            }
            byte[] out = new byte[(int) size];
            int at = 0;
            for (byte[] block : full) {
                System.arraycopy(block, 0, out, at, BUFFER);
                at += BUFFER;
            }
            System.arraycopy(current, 0, out, at, used);
            return out;
        }
    }

    /** Gzip at the fastest level: a snapshot is written often and read once per start. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, BUFFER);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
