package io.csgate.gateway.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operations on plain Java JSON values (maps, lists, strings, numbers, booleans, null) that the
 * model needs to behave like the Python reference.
 */
final class PlainValues {

    /** Python's string order (by code point), which differs from {@link String#compareTo} above U+FFFF. */
    static final Comparator<String> PY_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private PlainValues() {}

    /** A copy that shares no mutable container with the original; maps keep their key order. */
    static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> m) {
            return copyMap(m);
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(deepCopy(o));
            }
            return out;
        }
        return value;
    }

    /** A deep copy that cannot be changed: unmodifiable maps (key order kept) and lists all the way down. */
    static Map<String, Object> frozenCopy(Map<?, ?> m) {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), frozenValue(v)));
        return Collections.unmodifiableMap(out);
    }

    /** {@code m} made unmodifiable all the way down; {@code m} must be a fresh copy no one else holds. */
    static Map<String, Object> frozen(LinkedHashMap<String, Object> m) {
        m.replaceAll((k, v) -> frozenValue(v));
        return Collections.unmodifiableMap(m);
    }

    /** {@code value} as an unmodifiable copy (containers copied and frozen; scalars as they are). */
    static Object frozenValue(Object value) {
        if (value instanceof Map<?, ?> m) {
            return frozenCopy(m);
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(frozenValue(o));
            }
            return Collections.unmodifiableList(out);
        }
        return value;
    }

    static LinkedHashMap<String, Object> copyMap(Map<?, ?> m) {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), deepCopy(v)));
        return out;
    }

    /**
     * A deep copy with numbers in the model's canonical types, as the project's JSON reader makes
     * them: integers as Long (BigInteger beyond), floats as Double (BigDecimal when a double would
     * lose digits). Values that went through a JSON round trip compare equal to the originals again.
     */
    static Object normalized(Object value) {
        if (value instanceof Map<?, ?> m) {
            LinkedHashMap<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), normalized(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(o -> out.add(normalized(o)));
            return out;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger i && i.bitLength() < 64) {
            return i.longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof BigDecimal d) {
            double x = d.doubleValue();
            return Double.isFinite(x) && d.compareTo(BigDecimal.valueOf(x)) == 0 ? (Object) x : d;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static LinkedHashMap<String, Object> normalizedMap(Map<?, ?> m) {
        return (LinkedHashMap<String, Object>) normalized(m);
    }

    static List<String> copyStrings(List<String> list) {
        return list == null ? new ArrayList<>() : new ArrayList<>(list);
    }

    /**
     * Python's {@code ==} on state values: {@code True == 1}, {@code 1 == 1.0}, ints compare exactly
     * with floats, and every JSON float is a Python float (a double).
     */
    static boolean pyEquals(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (isNumeric(a) && isNumeric(b)) {
            Object x = numeric(a);
            Object y = numeric(b);
            if (x instanceof BigInteger i && y instanceof BigInteger j) {
                return i.equals(j);
            }
            if (x instanceof Double d && y instanceof Double e) {
                return d.doubleValue() == e.doubleValue();
            }
            double d = x instanceof Double dx ? dx : (Double) y;
            BigInteger i = x instanceof BigInteger ix ? ix : (BigInteger) y;
            return Double.isFinite(d) && new BigDecimal(d).compareTo(new BigDecimal(i)) == 0;
        }
        return a.equals(b);
    }

    private static boolean isNumeric(Object o) {
        return o instanceof Number || o instanceof Boolean;
    }

    /** BigInteger for ints and booleans, Double for floats. */
    private static Object numeric(Object o) {
        if (o instanceof Boolean b) {
            return b ? BigInteger.ONE : BigInteger.ZERO;
        }
        if (o instanceof BigInteger i) {
            return i;
        }
        if (o instanceof Double || o instanceof Float || o instanceof BigDecimal) {
            return ((Number) o).doubleValue();
        }
        return BigInteger.valueOf(((Number) o).longValue());
    }
}
