package io.csgate.common.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An immutable JSON object that keeps its own encoding: serialized the first time an answer carries
 * it, then copied as bytes into every later answer. For values many answers share unchanged, such
 * as a user's entry in the {@code users} list of {@code /connect}, {@code /subscribe} and
 * {@code /info}. Thread-safe once built; {@link Json#tree} and other conversions see a plain map.
 */
public final class EncodedMap extends AbstractMap<String, Object> {

    private final Map<String, Object> values;
    private volatile SerializedString encoded;

    /** Takes {@code values} over: the caller must not change them (nor anything inside) afterwards. */
    public EncodedMap(LinkedHashMap<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return values.entrySet();
    }

    @Override
    public Object get(Object key) {
        return values.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return values.containsKey(key);
    }

    @Override
    public int size() {
        return values.size();
    }

    /** The compact JSON text, made once (two threads may both make it; they make the same). */
    SerializedString encoded() {
        SerializedString e = encoded;
        if (e == null) {
            e = new SerializedString(Json.text(values));
            encoded = e;
        }
        return e;
    }

    /** Writes the cached bytes; into a token buffer (tree conversion) writes the map itself. */
    static final class Serializer extends StdSerializer<EncodedMap> {

        Serializer() {
            super(EncodedMap.class);
        }

        @Override
        public void serialize(EncodedMap value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (gen instanceof TokenBuffer) {
                provider.defaultSerializeValue(value.values, gen);
            } else {
                gen.writeRawValue(value.encoded());
            }
        }
    }
}
