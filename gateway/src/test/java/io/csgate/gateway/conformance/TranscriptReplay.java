package io.csgate.gateway.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.json.Json;
import io.csgate.common.sign.TimestampSigner;
import io.csgate.gateway.conformance.Transcript.Section;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.TestGateway;
import io.csgate.gateway.testing.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Replays transcript sections against one running gateway: builds each request as the reference
 * session sent it (ids substituted, signed the same way), then compares status, recorded headers
 * and body with {@link JsonMatcher}, after the {@link TranscriptDeviation}s the step names. Holds
 * the websockets of the session and what they received.
 */
final class TranscriptReplay implements AutoCloseable {

    /** How the reference session authenticated a request. */
    enum Signing { NONE, VALID, BAD, EXPIRED, FUTURE_1H, WHATEVER, QUERY, COOKIE }

    /** One section's replay; {@code admin} steps need the /admin routes. */
    record Step(boolean admin, ThrowingConsumer<Section> body) {
        static Step of(ThrowingConsumer<Section> body) {
            return new Step(false, body);
        }

        static Step admin(ThrowingConsumer<Section> body) {
            return new Step(true, body);
        }
    }

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final Set<String> CHANNELS_INFO_IN_ROOT = Set.of("/info", "/channel_config");
    private static final Set<String> CHANNELS_INFO_NESTED = Set.of("/connect", "/subscribe", "/unsubscribe");

    final TestGateway gateway;
    final ApiClient api;
    final TranscriptIds ids = new TranscriptIds();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, List<String>> publicKeys = new HashMap<>();
    private final Map<String, Integer> referenceUsers = new HashMap<>();
    private final Map<String, WsClient> sockets = new HashMap<>();
    private final Map<String, List<String>> received = new HashMap<>();
    private String cookie;

    TranscriptReplay(TestGateway gateway) {
        this.gateway = gateway;
        this.api = gateway.client();
    }

    /** Sends the section's request and checks the answer against the recording. */
    HttpResponse<String> exchange(Section s, Signing signing, TranscriptDeviation... deviations) {
        HttpResponse<String> r = send(s, signing);
        verify(s, r, deviations.length == 0 ? EnumSet.noneOf(TranscriptDeviation.class) : EnumSet.of(deviations[0], deviations));
        return r;
    }

    HttpResponse<String> send(Section s, Signing signing) {
        return send(s.method(), s.path(), s.requestBody(), signing);
    }

    /** A request as the reference session would have sent it: ids substituted, signed as told. */
    HttpResponse<String> send(String method, String referencePath, String referenceBody, Signing signing) {
        String path = ids.substitute(referencePath);
        if (signing == Signing.QUERY) {
            path = path.replaceFirst("secret=[^&]*", "secret=" + URLEncoder.encode(api.sign("channelstream"), StandardCharsets.UTF_8));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.url() + path)).timeout(Duration.ofSeconds(20));
        long now = Instant.now().getEpochSecond();
        TimestampSigner signer = new TimestampSigner(TestGateway.SECRET);
        switch (signing) {
            case VALID -> b.header("X-Channelstream-Secret", api.sign("channelstream"));
            case WHATEVER -> b.header("X-Channelstream-Secret", api.sign("whatever"));
            case BAD -> b.header("X-Channelstream-Secret", "channelstream.AAAA.BBBB"); // protocol A.1
            case EXPIRED -> b.header("X-Channelstream-Secret", signer.sign("channelstream", now - 120));
            case FUTURE_1H -> b.header("X-Channelstream-Secret", signer.sign("channelstream", now + 3600));
            case COOKIE -> b.header("Cookie", java.util.Objects.requireNonNull(cookie, "no auth_tkt cookie: sign-in failed"));
            case NONE, QUERY -> { }
        }
        String body = ids.substitute(referenceBody);
        if (body == null || body.isEmpty()) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.method(method, HttpRequest.BodyPublishers.ofString(body));
            b.header("Content-Type", body.startsWith("{") || body.startsWith("[")
                    ? "application/json" : "application/x-www-form-urlencoded");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + ": request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    void verify(Section s, HttpResponse<String> r, Set<TranscriptDeviation> deviations) {
        String where = s.where();
        r.headers().firstValue("set-cookie").map(TranscriptHeaders::cookieParts)
                .filter(c -> !c.getOrDefault("auth_tkt", "").isEmpty())
                .ifPresent(c -> cookie = "auth_tkt=" + c.get("auth_tkt")); // kept even if the checks below fail
        assertThat(r.statusCode()).as(where + ": status (our body: " + r.body() + ")").isEqualTo(s.status());
        TranscriptHeaders.verify(s, r, deviations, gateway.url());
        String ourType = r.headers().firstValue("content-type").orElse("");
        var body = s.json();
        if (body.isPresent()) {
            assertThat(body.get().trailer()).as(where + ": text after the recorded JSON must be the recorder's own crash")
                    .satisfiesAnyOf(t -> assertThat(t).isEmpty(), t -> assertThat(t).startsWith("Exception in thread"));
            JsonNode expected = body.get().json();
            for (TranscriptDeviation d : deviations) {
                expected = d.expected(expected, this);
            }
            JsonNode actual = parse(where, r.body());
            matcher(s.path()).assertMatches(where, expected, actual);
            assertCompact(where, r.body());
            assertThat(ourType).as(where + ": content type").startsWith(deviations.contains(TranscriptDeviation.LISTEN_CONTENT_TYPE)
                    ? TranscriptDeviation.listenContentType(s.path().contains("callback=")) : "application/json");
            learn(s, body.get().json(), deviations);
        } else if (s.jsonTruncated()) {
            // the recorder cut the body short: same kind of document, same first key
            JsonNode actual = parse(where, r.body());
            assertThat(actual.isObject()).as(where + ": an object like the reference").isEqualTo(s.response().startsWith("{"));
            s.truncatedFirstKey().ifPresent(k -> assertThat(JsonMatcher.keys(actual)).as(where + ": keys").first().isEqualTo(k));
            s.truncatedConnId().ifPresent(id -> ids.bind(id, actual.path("conn_id").asText()).ifPresent(why -> {
                throw new AssertionError(where + ": conn_id: " + why);
            }));
            assertThat(ourType).as(where + ": content type").startsWith("application/json");
        } else if (s.isHtml()) {
            assertThat(ourType).as(where + ": content type").startsWith("text/html");
            assertThat(Section.htmlTitle(r.body())).as(where + ": HTML title (our body: " + r.body() + ")")
                    .isEqualTo(s.htmlTitle());
        } else if (s.response() == null || s.response().isEmpty()) {
            assertThat(r.body()).as(where + ": body").isEmpty();
        } else {
            throw new AssertionError(where + ": no comparison rule for this recorded body; give it its own step");
        }
    }

    /** The matcher for a response of {@code path}: ChannelsInfo's top-level users list is unordered. */
    JsonMatcher matcher(String path) {
        String p = path == null ? "" : path.replaceFirst("\\?.*", "");
        Set<String> unordered = CHANNELS_INFO_IN_ROOT.contains(p) ? Set.of("$.users")
                : CHANNELS_INFO_NESTED.contains(p) ? Set.of("$.channels_info.users") : Set.of();
        return new JsonMatcher(ids).unorderedUsersAt(unordered);
    }

    static JsonNode parse(String where, String text) {
        try {
            return Json.parse(text);
        } catch (IOException e) {
            throw new AssertionError(where + ": our body is not JSON: " + text, e);
        }
    }

    /** COMPACT_JSON: ours is compact, where the reference indented by 4. */
    static void assertCompact(String where, String text) {
        assertThat(text).as(where + ": compact JSON (" + TranscriptDeviation.COMPACT_JSON.row() + ")").doesNotContain("\n");
    }

    /** What the reference's state was, for the deviations that rewrite expectations from it. */
    private void learn(Section s, JsonNode reference, Set<TranscriptDeviation> deviations) {
        String text = s.requestBody() == null ? "" : s.requestBody();
        JsonNode request = text.startsWith("{") ? parse(s.where(), text) : null;
        if (request != null && request.has("state_public_keys")) {
            String user = request.has("username") ? request.get("username").asText() : request.path("user").asText();
            List<String> keys = new ArrayList<>();
            request.get("state_public_keys").forEach(k -> keys.add(k.asText()));
            publicKeys.put(user, keys);
        }
        if (!deviations.contains(TranscriptDeviation.TOTAL_USERS_ALWAYS_COUNTED)) {
            JsonNode channels = reference.has("channels_info") ? reference.path("channels_info").path("channels") : reference.path("channels");
            if (channels.isObject()) {
                channels.fields().forEachRemaining(e -> referenceUsers.put(e.getKey(), e.getValue().path("users").size()));
            }
        }
    }

    List<String> publicKeys(String user) {
        return publicKeys.getOrDefault(user, List.of());
    }

    int referenceUserCount(String channel) {
        return referenceUsers.getOrDefault(channel, 0);
    }

    // ---- websockets ----

    WsClient open(String who, String referenceConnId) {
        WsClient ws = api.websocket(gateway.wsUrl(), ids.substitute(referenceConnId));
        sockets.put(who, ws);
        received.put(who, new ArrayList<>());
        return ws;
    }

    WsClient socket(String who) {
        return sockets.get(who);
    }

    /** Every text frame {@code who} received so far. */
    synchronized List<String> frames(String who) {
        received.get(who).addAll(sockets.get(who).drain());
        return received.get(who);
    }

    /**
     * Every event of every frame, in order (EVENTS_SHARE_FRAMES: events that waited together came
     * in one frame; HEARTBEATS_EVERY_INTERVAL: heartbeats, empty frames, are not compared).
     */
    List<JsonNode> events(String who) {
        List<JsonNode> out = new ArrayList<>();
        for (String f : frames(who)) {
            JsonNode j = parse(who + "'s frame", f);
            if (!j.isArray()) {
                throw new AssertionError(who + "'s frame is not a JSON array: " + f);
            }
            j.forEach(out::add);
        }
        return out;
    }

    /** Waits for a heartbeat newer than now: proof that the socket is attached. */
    void awaitHeartbeat(String who) {
        int before = frames(who).size();
        await().atMost(WAIT).until(() -> frames(who).subList(before, frames(who).size()).contains("[]"));
    }

    void awaitEvents(String who, int count) {
        await().atMost(WAIT).until(() -> events(who).size() >= count);
    }

    @Override
    public void close() {
        sockets.values().forEach(WsClient::close);
    }
}
