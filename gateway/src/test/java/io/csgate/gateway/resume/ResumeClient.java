package io.csgate.gateway.resume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.TestGateway;
import io.csgate.gateway.testing.WsClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the resume tests do as a web app and as a browser. */
final class ResumeClient {

    static final String ROOM = "room";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private ResumeClient() {}

    /** {@code count} messages {@code prefix0 ..} to the room, {@code perCall} per record (one POST /message each). */
    static void publish(ApiClient api, String prefix, int count, int perCall) {
        for (int start = 0; start < count; start += perCall) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + perCall); i++) {
                items.add(Map.of("channel", ROOM, "user", "publisher", "message", Map.of("text", prefix + i)));
            }
            assertThat(api.post("/message", items).status()).isEqualTo(200);
        }
    }

    /** A /connect of {@code user} to the room, with {@code resume_from} when it is not null. */
    static JsonNode connect(ApiClient api, String user, String resumeFrom) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("username", user, "channels", List.of(ROOM)));
        if (resumeFrom != null) {
            body.put("resume_from", resumeFrom);
        }
        ApiClient.Answer a = api.post("/connect", body);
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        return a.json();
    }

    /** A websocket for the connection on {@code gateway}, resuming from {@code resumeFrom} when not null. */
    static WsClient socket(TestGateway gateway, String connId, String resumeFrom) {
        String id = resumeFrom == null ? connId
                : connId + "&resume_from=" + URLEncoder.encode(resumeFrom, StandardCharsets.UTF_8);
        return gateway.client().websocket(gateway.wsUrl(), id);
    }

    /** Events of the message kinds received and not yet taken, per socket (frames carry several). */
    private static final Map<WsClient, java.util.ArrayDeque<JsonNode>> UNTAKEN =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** The next {@code count} events of the message kinds (other events and heartbeats skipped). */
    static List<JsonNode> messages(WsClient ws, int count) {
        java.util.ArrayDeque<JsonNode> untaken = UNTAKEN.computeIfAbsent(ws, w -> new java.util.ArrayDeque<>());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (untaken.size() < count) {
            Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            JsonNode frame = ws.nextMatching(n -> n.isArray() && n.size() > 0, left);
            for (JsonNode event : frame) {
                if (event.path("type").asText().startsWith("message")) {
                    untaken.add(event);
                }
            }
        }
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(untaken.poll());
        }
        return out;
    }

    /** Events of the message kinds that arrived beyond those taken, waiting up to {@code wait} for more. */
    static List<JsonNode> more(WsClient ws, Duration wait) {
        java.util.ArrayDeque<JsonNode> untaken = UNTAKEN.computeIfAbsent(ws, w -> new java.util.ArrayDeque<>());
        try {
            JsonNode frame = ws.nextMatching(n -> n.isArray() && n.size() > 0, wait);
            frame.forEach(e -> {
                if (e.path("type").asText().startsWith("message")) {
                    untaken.add(e);
                }
            });
        } catch (AssertionError nothing) {
            // nothing more arrived
        }
        List<JsonNode> out = new ArrayList<>(untaken);
        untaken.clear();
        return out;
    }

    /** The texts of message events. */
    static List<String> texts(List<JsonNode> events) {
        return events.stream().map(e -> e.path("message").path("text").asText()).toList();
    }

    /** A counter of the gateway's {@code /metrics}, by name and optional tag text ({@code outcome="delivered"}); 0 when absent. */
    static double counter(TestGateway gateway, String name, String tag) {
        ApiClient.Answer a = gateway.client().call("GET", "/metrics", null, false);
        assertThat(a.status()).isEqualTo(200);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^" + java.util.regex.Pattern.quote(name)
                + "(\\{[^}]*\\})?\\s+(\\S+)$", java.util.regex.Pattern.MULTILINE).matcher(a.text());
        while (m.find()) {
            if (tag == null || (m.group(1) != null && m.group(1).contains(tag))) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    static List<String> expected(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(prefix + i);
        }
        return out;
    }
}
