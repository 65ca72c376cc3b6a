package io.csgate.gateway.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.gateway.conformance.Transcript.Section;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The response headers a transcript recorded, against ours: every recorded header is compared
 * exactly, except {@code Date}, {@code Transfer-Encoding} and {@code Content-Length} (the body is
 * compared instead), {@code Location} (the reference ran on 127.0.0.1:18000), {@code Set-Cookie}
 * (same cookie, attributes and values; the cookie value itself and the date of {@code expires}
 * differ by nature) and the /listen {@code Content-Type} of docs/protocol.md §14 #11.
 */
final class TranscriptHeaders {

    static final String REFERENCE_BASE = "http://127.0.0.1:18000";
    private static final Set<String> NOT_COMPARED = Set.of("date", "transfer-encoding", "content-length");

    private TranscriptHeaders() {}

    static void verify(Section s, HttpResponse<String> r, Set<TranscriptDeviation> deviations, String ourBase) {
        for (Map.Entry<String, String> h : s.headers().entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (NOT_COMPARED.contains(name)) {
                continue;
            }
            String ours = r.headers().firstValue(name).orElse(null);
            String as = s.where() + ": header " + h.getKey();
            switch (name) {
                case "content-type" -> {
                    if (deviations.contains(TranscriptDeviation.LISTEN_CONTENT_TYPE)) {
                        assertThat(ours).as(as).startsWith(TranscriptDeviation.listenContentType(s.path().contains("callback=")));
                    } else {
                        assertThat(normalise(ours)).as(as).isEqualTo(normalise(h.getValue()));
                    }
                }
                case "location" -> assertThat(ours).as(as).isEqualTo(h.getValue().replace(REFERENCE_BASE, ourBase));
                case "set-cookie" -> assertSameCookie(as, h.getValue(), ours);
                default -> assertThat(ours).as(as).isEqualTo(h.getValue());
            }
        }
    }

    /** A Set-Cookie: same name, same attributes and values (expires: present, a date), value empty or not. */
    private static void assertSameCookie(String as, String reference, String ours) {
        assertThat(ours).as(as).isNotNull();
        Map<String, String> ref = cookieParts(reference);
        Map<String, String> mine = cookieParts(ours);
        // ADMIN_COOKIE_HTTPONLY: the one attribute we add on purpose
        assertThat(mine).as(as + " (" + TranscriptDeviation.ADMIN_COOKIE_HTTPONLY + ")").containsKey("httponly");
        mine.remove("httponly");
        assertThat(mine.keySet()).as(as + " (ours: " + ours + ")").isEqualTo(ref.keySet());
        for (String k : ref.keySet()) {
            if (k.equals("auth_tkt")) {
                assertThat(mine.get(k).isEmpty()).as(as + " value emptiness").isEqualTo(ref.get(k).isEmpty());
            } else if (!k.equals("expires")) {
                assertThat(mine.get(k)).as(as + " " + k).isEqualTo(ref.get(k));
            }
        }
    }

    static Map<String, String> cookieParts(String header) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : header.split(";")) {
            String[] kv = part.trim().split("=", 2);
            String k = kv[0].equals("auth_tkt") ? kv[0] : kv[0].toLowerCase(Locale.ROOT);
            out.put(k, kv.length > 1 ? kv[1] : "");
        }
        return out;
    }

    private static String normalise(String contentType) {
        return contentType == null ? null : contentType.replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
