package io.csgate.gateway.conformance;

import static io.csgate.gateway.conformance.TranscriptDeviation.FRAME_POSITIONS;
import static io.csgate.gateway.conformance.TranscriptDeviation.HISTORY_WITHOUT_DELIVERY_KEYS;
import static io.csgate.gateway.conformance.TranscriptDeviation.TOTAL_USERS_ALWAYS_COUNTED;
import static io.csgate.gateway.conformance.TranscriptReplay.Signing.BAD;
import static io.csgate.gateway.conformance.TranscriptReplay.Signing.EXPIRED;
import static io.csgate.gateway.conformance.TranscriptReplay.Signing.NONE;
import static io.csgate.gateway.conformance.TranscriptReplay.Signing.VALID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.gateway.conformance.Transcript.Frame;
import io.csgate.gateway.conformance.Transcript.Section;
import io.csgate.gateway.conformance.TranscriptReplay.Signing;
import io.csgate.gateway.conformance.TranscriptReplay.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of {@code observed1.txt}: one recorded session of the reference server, replayed in
 * order on one gateway. Websockets open where the recording says the session opened them: alice's after
 * "message before alice ws open" (her first frame is that message, caught up), bob's right after
 * his connect.
 */
final class TranscriptObserved1 {

    private TranscriptObserved1() {}

    /**
     * Title → step, for every section of observed1.txt. {@code r} may be null when only the titles
     * are wanted (no step runs then).
     */
    static Map<String, Step> steps(TranscriptReplay r, Transcript t) {
        Map<String, Step> s = new LinkedHashMap<>();
        s.put("no signature header", plain(r, NONE));
        s.put("bad signature", plain(r, BAD));
        s.put("expired signature (120s old)", plain(r, EXPIRED));
        s.put("validation error (empty body)", plain(r, VALID));
        s.put("validation error (bad fields)", plain(r, VALID));
        s.put("connect alice (full)", plain(r, VALID));
        s.put("message before alice ws open", Step.of(sec -> {
            r.exchange(sec, VALID);
            r.open("alice", referenceConnId(t, "connect alice (full)"));
            r.awaitEvents("alice", 1); // her catch-up: attached before bob connects
        }));
        s.put("connect bob (minimal-ish)", Step.of(sec -> {
            r.exchange(sec, VALID);
            r.open("bob", referenceConnId(t, "connect bob (minimal-ish)"));
            r.awaitHeartbeat("bob"); // attached before the next message: it must arrive live
        }));
        s.put("message POST (4 messages)", plain(r, VALID));
        s.put("message PATCH (edit)", plain(r, VALID));
        s.put("user_state bob", plain(r, VALID));
        s.put("subscribe bob to room2", plain(r, VALID, HISTORY_WITHOUT_DELIVERY_KEYS, FRAME_POSITIONS));
        s.put("unsubscribe bob", plain(r, VALID, HISTORY_WITHOUT_DELIVERY_KEYS, FRAME_POSITIONS));
        s.put("message DELETE", plain(r, VALID));
        s.put("info with empty body", plain(r, VALID, HISTORY_WITHOUT_DELIVERY_KEYS, FRAME_POSITIONS));
        s.put("info with body", plain(r, VALID, HISTORY_WITHOUT_DELIVERY_KEYS, FRAME_POSITIONS));
        // /channel_config answers with include_users=false: the reference's total_users is 0 there
        s.put("channel_config", plain(r, VALID, TOTAL_USERS_ALWAYS_COUNTED));
        s.put("admin.json via API signature", Step.admin(sec -> r.exchange(sec, VALID, HISTORY_WITHOUT_DELIVERY_KEYS, FRAME_POSITIONS)));
        // client endpoints: sent as a browser sends them, without a signature
        s.put("disconnect GET bob", plain(r, NONE));
        s.put("disconnect GET unknown", plain(r, NONE));
        // this section's recording ends with the recorder's own crash on bob's close frame b'\x03\xe8'
        s.put("disconnect POST bad", plain(r, NONE));
        s.put("websocket frames alice (t=seconds since start, opcode, data)", Step.of(sec -> frames(r, sec, "alice")));
        s.put("websocket frames bob", Step.of(sec -> {
            // bob's socket was closed with 1000 after his /disconnect (A.4; the traceback above is the
            // recorder failing to decode that close frame's payload 03 e8 as text)
            assertThat(r.socket("bob").closeCode(TranscriptReplay.WAIT)).as(sec.where() + ": bob's close code").isEqualTo(1000);
            frames(r, sec, "bob");
        }));
        return s;
    }

    static Step plain(TranscriptReplay r, Signing signing, TranscriptDeviation... deviations) {
        return Step.of(sec -> r.exchange(sec, signing, deviations));
    }

    static String referenceConnId(Transcript t, String title) {
        return t.section(title).json().orElseThrow().json().get("conn_id").asText();
    }

    /**
     * The events of the recorded frames of {@code who}, in order, against the events our socket
     * got (HEARTBEATS_EVERY_INTERVAL: heartbeats differ by design, docs/protocol.md §14 #8, and are not
     * compared; EVENTS_SHARE_FRAMES: events that waited together may share one frame, so events
     * are compared, not frame boundaries).
     */
    static void frames(TranscriptReplay r, Section sec, String who) {
        List<Frame> recordedFrames = sec.frames().stream().filter(f -> !f.heartbeat()).toList();
        assertThat(recordedFrames).as(sec.where() + ": recorded frames").isNotEmpty()
                .allSatisfy(f -> assertThat(f.opcode()).as("text frames only").isEqualTo(1));
        List<JsonNode> recorded = new java.util.ArrayList<>();
        List<String> when = new java.util.ArrayList<>();
        for (Frame f : recordedFrames) {
            f.json().forEach(e -> {
                recorded.add(e);
                when.add("t=" + f.t());
            });
        }
        r.awaitEvents(who, recorded.size());
        if (!r.socket(who).isClosed()) {
            r.awaitHeartbeat(who); // anything sent before this heartbeat has arrived
        }
        List<JsonNode> ours = r.events(who);
        assertThat(ours).as(sec.where() + ": " + who + "'s events without heartbeats (" + TranscriptDeviation.HEARTBEATS_EVERY_INTERVAL
                + ", decisions " + TranscriptDeviation.HEARTBEATS_EVERY_INTERVAL.row() + "; "
                + TranscriptDeviation.EVENTS_SHARE_FRAMES + ", " + TranscriptDeviation.EVENTS_SHARE_FRAMES.row()
                + "), recorded: " + recorded).hasSameSizeAs(recorded);
        JsonMatcher matcher = r.matcher(null);
        for (int i = 0; i < recorded.size(); i++) {
            matcher.assertMatches(sec.where() + " event " + (i + 1) + " (" + when.get(i) + ")",
                    FRAME_POSITIONS.expected(recorded.get(i), r), ours.get(i));
        }
        r.frames(who).forEach(text -> TranscriptReplay.assertCompact(sec.where() + " " + who + "'s frame", text));
    }
}
