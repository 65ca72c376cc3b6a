package io.csgate.gateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Semantic comparison of a reference JSON document (expected) with ours (actual), as the
 * transcript replay needs it, and nothing looser:
 * <ul>
 *   <li>same value types, same object keys, null is not absent, integers are not floats;
 *   <li>object key order is compared where {@link #keyOrderAt} says so (by default: the top-level
 *       object, the objects of a top-level array — message items, frame events — and history
 *       entries, which are stored events); elsewhere key sets are compared;
 *   <li>arrays in order, except the paths given to {@link #unorderedUsersAt}: the top-level
 *       {@code users} list of a ChannelsInfo, whose order the reference leaves undefined
 *       (docs/protocol.md §4.3, a Python set); both sides are sorted by {@code user} there;
 *   <li>uuids by shape and through {@link TranscriptIds} (one-to-one, consistent across the whole
 *       replay); server times ({@code timestamp}, {@code last_active}, {@code edited}) by the shape
 *       of Python's naive {@code isoformat()}; {@code uptime} by the shape {@code H:MM:SS};
 *       every other string exactly.
 * </ul>
 */
final class JsonMatcher {

    static final Pattern ISO_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?");
    static final Pattern UPTIME = Pattern.compile("\\d+:\\d\\d:\\d\\d");
    static final Predicate<String> TOP_LEVEL_AND_EVENTS = p -> p.equals("$") || p.matches("\\$\\[\\d+]")
            || p.matches(".*\\.history\\[\\d+]");

    private final TranscriptIds ids;
    private Set<String> unorderedUsers = Set.of();
    private Predicate<String> keyOrder = TOP_LEVEL_AND_EVENTS;

    JsonMatcher(TranscriptIds ids) {
        this.ids = ids;
    }

    /** Paths (e.g. {@code $.channels_info.users}) of ChannelsInfo's top-level users list. */
    JsonMatcher unorderedUsersAt(Set<String> paths) {
        this.unorderedUsers = Set.copyOf(paths);
        return this;
    }

    JsonMatcher keyOrderAt(Predicate<String> paths) {
        this.keyOrder = paths;
        return this;
    }

    /** Fails with every difference found, and both documents. */
    void assertMatches(String where, JsonNode expected, JsonNode actual) {
        List<String> diffs = compare(expected, actual);
        if (!diffs.isEmpty()) {
            throw new AssertionError(where + ": " + diffs.size() + " difference(s) from the reference:\n  - "
                    + String.join("\n  - ", diffs) + "\nexpected (reference, after the listed deviations): "
                    + expected + "\nactual (ours): " + actual);
        }
    }

    List<String> compare(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        compare("$", "", expected, actual, out);
        return out;
    }

    private void compare(String path, String key, JsonNode e, JsonNode a, List<String> out) {
        if (a == null || a.isMissingNode()) {
            out.add(path + ": missing, expected " + e);
        } else if (e.isObject()) {
            compareObjects(path, e, a, out);
        } else if (e.isArray()) {
            compareArrays(path, e, a, out);
        } else if (e.isTextual()) {
            compareText(path, key, e.asText(), a, out);
        } else if (e.isNumber()) {
            boolean same = a.isNumber() && e.isIntegralNumber() == a.isIntegralNumber()
                    && e.decimalValue().compareTo(a.decimalValue()) == 0;
            if (!same) {
                out.add(path + ": expected " + e + ", got " + a);
            }
        } else if (!e.equals(a)) { // booleans and null
            out.add(path + ": expected " + e + ", got " + a);
        }
    }

    private void compareObjects(String path, JsonNode e, JsonNode a, List<String> out) {
        if (!a.isObject()) {
            out.add(path + ": expected an object, got " + a);
            return;
        }
        List<String> ek = keys(e);
        List<String> ak = keys(a);
        List<String> missing = new ArrayList<>(ek);
        missing.removeAll(ak);
        List<String> extra = new ArrayList<>(ak);
        extra.removeAll(ek);
        if (!missing.isEmpty()) {
            out.add(path + ": missing keys " + missing);
        }
        if (!extra.isEmpty()) {
            out.add(path + ": unexpected keys " + extra);
        }
        if (missing.isEmpty() && extra.isEmpty() && keyOrder.test(path) && !ek.equals(ak)) {
            out.add(path + ": key order " + ak + ", the reference's is " + ek);
        }
        for (String k : ek) {
            if (a.has(k)) {
                compare(path + "." + k, k, e.get(k), a.get(k), out);
            }
        }
    }

    private void compareArrays(String path, JsonNode e, JsonNode a, List<String> out) {
        if (!a.isArray()) {
            out.add(path + ": expected an array, got " + a);
            return;
        }
        if (e.size() != a.size()) {
            out.add(path + ": expected " + e.size() + " items, got " + a.size() + ": " + a);
            return;
        }
        List<JsonNode> el = items(e);
        List<JsonNode> al = items(a);
        boolean unordered = unorderedUsers.contains(path);
        if (unordered) {
            Comparator<JsonNode> byUser = Comparator.comparing(n -> n.path("user").asText());
            el.sort(byUser);
            al.sort(byUser);
        }
        for (int i = 0; i < el.size(); i++) {
            String p = unordered ? path + "{user=" + el.get(i).path("user").asText() + "}" : path + "[" + i + "]";
            compare(p, "", el.get(i), al.get(i), out);
        }
    }

    private void compareText(String path, String key, String e, JsonNode a, List<String> out) {
        if (!a.isTextual()) {
            out.add(path + ": expected \"" + e + "\", got " + a);
        } else if (e.equals(TranscriptDeviation.ANY_POSITION)) {
            if (!TranscriptDeviation.POSITION.matcher(a.asText()).matches()) {
                out.add(path + ": expected a log position, got " + a);
            }
        } else if (TranscriptIds.isUuid(e)) {
            if (!TranscriptIds.isUuid(a.asText())) {
                out.add(path + ": expected a uuid (reference " + e + "), got " + a);
            } else {
                ids.bind(e, a.asText()).ifPresent(why -> out.add(path + ": " + why));
            }
        } else if (ISO_TIME.matcher(e).matches()) {
            if (!ISO_TIME.matcher(a.asText()).matches()) {
                out.add(path + ": expected a naive isoformat time like " + e + ", got " + a);
            }
        } else if (key.equals("uptime") && UPTIME.matcher(e).matches()) {
            if (!UPTIME.matcher(a.asText()).matches()) {
                out.add(path + ": expected an uptime like " + e + ", got " + a);
            }
        } else if (!e.equals(a.asText())) {
            out.add(path + ": expected \"" + e + "\", got " + a);
        }
    }

    static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<JsonNode> items(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
