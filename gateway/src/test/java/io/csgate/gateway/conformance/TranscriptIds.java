package io.csgate.gateway.conformance;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one-to-one mapping between ids the reference generated (bob's conn_id, message, channel,
 * presence and user uuids) and the ids this gateway generated in their place, learned from
 * responses and frames as the replay goes. Ids a request chose itself (alice's conn_id, the
 * {@code 9999…}/{@code 1111…} probes) map to themselves.
 */
final class TranscriptIds {

    static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Map<String, String> ours = new HashMap<>();
    private final Map<String, String> reference = new HashMap<>();

    static boolean isUuid(String s) {
        return UUID.matcher(s).matches();
    }

    /**
     * Binds {@code referenceId} to {@code ourId}, or checks an existing binding.
     *
     * @return an explanation when the pair contradicts what was learned before
     */
    Optional<String> bind(String referenceId, String ourId) {
        String known = ours.get(referenceId);
        if (known != null) {
            return known.equals(ourId) ? Optional.empty()
                    : Optional.of("reference id " + referenceId + " was " + known + " before, now " + ourId);
        }
        String other = reference.get(ourId);
        if (other != null) {
            return Optional.of("our id " + ourId + " already stands for reference id " + other
                    + ", not " + referenceId);
        }
        ours.put(referenceId, ourId);
        reference.put(ourId, referenceId);
        return Optional.empty();
    }

    Optional<String> ours(String referenceId) {
        return Optional.ofNullable(ours.get(referenceId));
    }

    /**
     * Replaces every uuid of a request (path or body) with ours; a uuid not seen before is one the
     * request chose, so it maps to itself from now on.
     */
    String substitute(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = UUID.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String ref = m.group();
            String mine = ours.get(ref);
            if (mine == null) {
                bind(ref, ref).ifPresent(e -> {
                    throw new AssertionError("request id " + ref + " cannot be its own: " + e);
                });
                mine = ref;
            }
            m.appendReplacement(out, mine);
        }
        m.appendTail(out);
        return out.toString();
    }
}
