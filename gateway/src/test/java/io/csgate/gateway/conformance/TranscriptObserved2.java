package io.csgate.gateway.conformance;

import static io.csgate.gateway.conformance.TranscriptDeviation.FRAME_POSITIONS;
import static io.csgate.gateway.conformance.TranscriptDeviation.LISTEN_CONTENT_TYPE;
import static io.csgate.gateway.conformance.TranscriptDeviation.LISTEN_ERROR_SHAPE;
import static io.csgate.gateway.conformance.TranscriptDeviation.STATE_PUBLIC_KEYS_KEPT;
import static io.csgate.gateway.conformance.TranscriptDeviation.TOTAL_USERS_ALWAYS_COUNTED;
import static io.csgate.gateway.conformance.TranscriptObserved1.plain;
import static io.csgate.gateway.conformance.TranscriptReplay.Signing.FUTURE_1H;
import static io.csgate.gateway.conformance.TranscriptReplay.Signing.NONE;
import static io.csgate.gateway.conformance.TranscriptReplay.Signing.QUERY;
import static io.csgate.gateway.conformance.TranscriptReplay.Signing.VALID;
import static io.csgate.gateway.conformance.TranscriptReplay.Signing.WHATEVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.gateway.conformance.Transcript.Section;
import io.csgate.gateway.conformance.TranscriptReplay.Step;
import io.csgate.gateway.testing.WsClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steps of {@code observed2.txt} (without the admin sections, see {@link TranscriptAdmin}) and
 * {@code observed3.txt}: independent requests, long polls checked by behaviour, websocket closes
 * and connection GC, some of them recorded only as a one-line title.
 */
final class TranscriptObserved2 {

    private static final Pattern CLOSE = Pattern.compile(".*opcode 8 payload b'(.*)'$");
    private static final Pattern IDLE = Pattern.compile(
            "idle conn after ~(\\d+)s: (\\S+) total_connections=(\\d+) users=\\[(.*)]");
    private static final Pattern JSONP = Pattern.compile("^(\\w+)\\((.*)\\)$", Pattern.DOTALL);

    private TranscriptObserved2() {}

    /** Title → step for observed2.txt; {@code r} may be null when only the titles are wanted. */
    static Map<String, Step> steps(TranscriptReplay r, Transcript t) {
        Map<String, Step> s = new LinkedHashMap<>();
        long[] idleSince = new long[1];
        s.put("OPTIONS preflight (CORS)", plain(r, NONE));
        s.put("GET /connect (wrong method, signed)", plain(r, VALID));
        s.put("GET / (signed)", plain(r, VALID));
        s.put("secret as ?secret= query param", plain(r, QUERY));
        // FUTURE_SIGNATURE_SKEW (docs/protocol.md §14 #14): 1 h is beyond our 5 s skew, so 401 on both sides
        s.put("signature dated 1h in the future (itsdangerous 2.1.2 on server)", plain(r, FUTURE_1H));
        s.put("signed arbitrary value 'whatever'", plain(r, WHATEVER));
        s.put("subscribe unknown conn_id", plain(r, VALID));
        s.put("subscribe empty channels", plain(r, VALID));
        s.put("user_state unknown user", plain(r, VALID));
        s.put("message with object instead of list", plain(r, VALID));
        s.put("message missing user", plain(r, VALID));
        s.put("PATCH with no channel/pm_users", plain(r, VALID));
        s.put("channel_config invalid history_size", plain(r, VALID));
        s.put("connect poller", plain(r, VALID));
        s.put("message to lp before /listen", plain(r, VALID));
        s.put("listen #1 (took 0.26s)", Step.of(sec -> {
            long t0 = System.nanoTime();
            r.exchange(sec, NONE, LISTEN_CONTENT_TYPE, FRAME_POSITIONS);
            // answered after the quiet gap that follows the queued message, not after the 5 s wait
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as(sec.where() + ": took").isLessThan(Duration.ofMillis(2500));
        }));
        s.put("listen #2, message posted 1s later (took 1.26s)", Step.of(sec -> {
            CompletableFuture<HttpResponse<String>> poll = CompletableFuture.supplyAsync(() -> r.send(sec, NONE));
            await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
            JsonNode event = sec.json().orElseThrow().json().get(0); // the message the session posted
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("user", event.get("user").asText());
            item.put("channel", event.get("channel").asText());
            item.put("message", event.get("message"));
            assertThat(r.api.post("/message", List.of(item)).status()).isEqualTo(200);
            r.verify(sec, poll.get(), EnumSet.of(LISTEN_CONTENT_TYPE, FRAME_POSITIONS));
        }));
        s.put("listen #3 JSONP idle (took 3.74s)", Step.of(sec -> jsonp(r, sec)));
        s.put("listen unknown conn_id", plain(r, NONE));
        s.put("listen malformed conn_id", plain(r, NONE, LISTEN_ERROR_SHAPE));
        s.put("ws unknown conn_id -> first frame opcode 8 payload b'\\x03\\xe8'", Step.of(sec -> {
            WsClient ws = r.api.websocket(r.gateway.wsUrl(), UUID.randomUUID().toString());
            assertThat(ws.closeCode(TranscriptReplay.WAIT)).as(sec.where()).isEqualTo(closeCode(sec));
            assertThat(ws.drain()).as(sec.where() + ": the close is the first frame").isEmpty();
        }));
        s.put("connect closer", plain(r, VALID));
        s.put("ws after /disconnect: t+0.23s opcode 8 payload b'\\x03\\xe8'", Step.of(sec -> {
            String ref = t.section("connect closer").truncatedConnId().orElseThrow();
            WsClient ws = r.open("closer", ref);
            var answer = r.api.call("GET", "/disconnect?conn_id=" + r.ids.substitute(ref), null, false);
            assertThat(answer.text()).as(sec.where() + ": /disconnect").isEqualTo("true");
            assertThat(ws.closeCode(Duration.ofSeconds(5))).as(sec.where()).isEqualTo(closeCode(sec));
        }));
        s.put("connect idle (no ws)", Step.of(sec -> {
            r.exchange(sec, VALID);
            idleSince[0] = System.nanoTime();
        }));
        Step idle = Step.of(sec -> idle(r, sec, idleSince[0]));
        s.put("idle conn after ~10s: idlechan total_connections=1 users=['idle']", idle);
        s.put("idle conn after ~20s: idlechan total_connections=0 users=[]", idle);
        s.putAll(TranscriptAdmin.steps(r));
        return s;
    }

    /** Title → step for observed3.txt. */
    static Map<String, Step> steps3(TranscriptReplay r) {
        Map<String, Step> s = new LinkedHashMap<>();
        s.put("info with body '{}'", plain(r, VALID));
        s.put("GET /info no body", plain(r, VALID));
        s.put("channel_config with unknown key salvageable", plain(r, VALID));
        s.put("connect with unknown top-level key", plain(r, VALID));
        s.put("DELETE with unknown key", plain(r, VALID));
        s.put("connect k with public key a", plain(r, VALID));
        s.put("re-connect k without state_public_keys", plain(r, VALID, STATE_PUBLIC_KEYS_KEPT));
        s.put("connect reusing a conn_id, include_users false",
                plain(r, VALID, STATE_PUBLIC_KEYS_KEPT, TOTAL_USERS_ALWAYS_COUNTED));
        return s;
    }

    static int closeCode(Section sec) {
        Matcher m = CLOSE.matcher(sec.title());
        assertThat(m.matches()).as(sec.where() + ": a close frame in the title").isTrue();
        byte[] payload = Transcript.pythonBytes(m.group(1));
        return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }

    /** JSONP: status, headers (LISTEN_CONTENT_TYPE), same callback, the wrapped JSON compared. */
    private static void jsonp(TranscriptReplay r, Section sec) {
        HttpResponse<String> ours = r.send(sec, NONE);
        assertThat(ours.statusCode()).as(sec.where()).isEqualTo(sec.status());
        assertThat(ours.headers().firstValue("content-type").orElse(""))
                .as(sec.where() + ": content type").startsWith(TranscriptDeviation.listenContentType(true));
        sec.headers().forEach((k, v) -> {
            if (k.startsWith("Access-Control-") || k.equals("XDomainRequestAllowed")) {
                assertThat(ours.headers().firstValue(k)).as(sec.where() + ": " + k).hasValue(v);
            }
        });
        Matcher expected = JSONP.matcher(sec.response());
        Matcher actual = JSONP.matcher(ours.body());
        assertThat(expected.matches()).as(sec.where() + ": recorded JSONP").isTrue();
        assertThat(actual.matches()).as(sec.where() + ": our JSONP " + ours.body()).isTrue();
        assertThat(actual.group(1)).as(sec.where() + ": callback").isEqualTo(expected.group(1));
        r.matcher(null).assertMatches(sec.where(), TranscriptReplay.parse(sec.where(), expected.group(2)),
                TranscriptReplay.parse(sec.where(), actual.group(2)));
    }

    /** A connection without listener is still there after ~10 s and gone at ~20 s (GC after 15 s). */
    private static void idle(TranscriptReplay r, Section sec, long since) {
        Matcher m = IDLE.matcher(sec.title());
        assertThat(m.matches()).as(sec.where()).isTrue();
        Duration at = Duration.ofSeconds(Long.parseLong(m.group(1)));
        String channel = m.group(2);
        int connections = Integer.parseInt(m.group(3));
        List<String> users = new ArrayList<>();
        for (String u : m.group(4).split(",")) {
            if (!u.isBlank()) {
                users.add(u.trim().replace("'", ""));
            }
        }
        Duration left = at.minus(Duration.ofNanos(System.nanoTime() - since));
        Duration delay = left.isNegative() ? Duration.ZERO : left;
        await().pollDelay(delay).atMost(delay.plusSeconds(1)).untilAsserted(() -> {
            JsonNode info = r.api.post("/info", Map.of("info", Map.of("channels", List.of(channel)))).json()
                    .path("channels").path(channel);
            assertThat(info.path("total_connections").asInt()).as(sec.where() + ": total_connections").isEqualTo(connections);
            List<String> ours = new ArrayList<>();
            info.path("users").forEach(u -> ours.add(u.asText()));
            assertThat(ours).as(sec.where() + ": users").isEqualTo(users);
        });
    }
}
