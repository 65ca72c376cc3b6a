package io.csgate.gateway.conformance;

import static io.csgate.gateway.conformance.TranscriptReplay.Signing.BAD;
import static io.csgate.gateway.conformance.TranscriptReplay.Signing.VALID;
import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.sign.TimestampSigner;
import io.csgate.gateway.conformance.Transcript.Section;
import io.csgate.gateway.conformance.TranscriptReplay.Step;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replays the reference server's recorded transcripts (test resources {@code transcripts/}, see the
 * README there) against running gateways, one dynamic test per section, in the recorded order:
 * <ul>
 *   <li>observed1.txt: one recorded session on a fresh gateway, every HTTP exchange plus alice's
 *       and bob's websocket frames;
 *   <li>observed2.txt and observed3.txt: the independent requests, long polls, closes and GC, and
 *       the admin pages (a failure, not a skip, when /admin/sign_in answers 404);
 *   <li>the deviations that need a request of their own (docs/protocol.md §14 #13, #14).
 * </ul>
 * What may differ is listed in {@link TranscriptDeviation} and named by the step that applies it;
 * {@link #SKIPPED} lists the sections deliberately not replayed, and
 * {@link #everyTranscriptSectionIsReplayedOrExplicitlySkipped} keeps new sections from being
 * silently ignored.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class TranscriptReplayTest {

    /** Sections not replayed: title → why. Nothing else may be left out. */
    static final Map<String, String> SKIPPED = Map.of();

    private static final List<AutoCloseable> OPEN = new ArrayList<>();

    @AfterAll
    static void stop() throws Exception {
        for (int i = OPEN.size() - 1; i >= 0; i--) {
            OPEN.get(i).close();
        }
    }

    static Transcript transcript(String name) {
        return Transcript.read(name);
    }

    private static TranscriptReplay start(String name, Map<String, String> overrides) {
        TestGateway g = TestGateway.start("transcript-" + name + "-" + UUID.randomUUID(), overrides);
        OPEN.add(g);
        TranscriptReplay r = new TranscriptReplay(g);
        OPEN.add(r);
        return r;
    }

    /** The observed1.txt session. Heartbeats every second prove a socket is attached (they are not compared). */
    @TestFactory
    Stream<DynamicTest> observed1Session() {
        Transcript t = transcript("observed1.txt");
        TranscriptReplay r = start("1", Map.of("heartbeat_interval", "1"));
        return replay(t, TranscriptObserved1.steps(r, t), r);
    }

    /**
     * Independent requests. Heartbeats are slowed down so that none ends "listen #2" before the
     * message posted 1 s into it (the reference's first tick came at 5 s).
     */
    @TestFactory
    Stream<DynamicTest> observed2And3IndependentRequests() {
        Transcript t2 = transcript("observed2.txt");
        Transcript t3 = transcript("observed3.txt");
        TranscriptReplay r = start("2", Map.of("heartbeat_interval", "30"));
        Transcript t1 = transcript("observed1.txt");
        return Stream.of(replay(t2, TranscriptObserved2.steps(r, t2), r), replay(t3, TranscriptObserved2.steps3(r), r),
                deviations(r, t1, t2)).flatMap(s -> s);
    }

    private static Stream<DynamicTest> replay(Transcript t, Map<String, Step> steps, TranscriptReplay r) {
        return t.sections().stream().map(sec -> DynamicTest.dynamicTest(sec.file() + ":" + sec.line() + " " + sec.title(), () -> {
            String skipped = SKIPPED.get(sec.title());
            Assumptions.assumeTrue(skipped == null, () -> "skipped on purpose: " + skipped);
            Step step = steps.get(sec.title());
            assertThat(step).as(sec.where() + " has no step").isNotNull();
            if (step.admin()) {
                assertThat(adminRoutesPresent(r)).as("%s needs the admin pages, but GET /admin/sign_in answers 404",
                        sec.where()).isTrue();
            }
            step.body().accept(sec);
        }));
    }

    private static boolean adminRoutesPresent(TranscriptReplay r) {
        return r.api.call("GET", "/admin/sign_in", null, false).status() != 404;
    }

    /** The deviations that a transcript section alone cannot show. */
    private static Stream<DynamicTest> deviations(TranscriptReplay r, Transcript t1, Transcript t2) {
        return Stream.of(
                DynamicTest.dynamicTest(name(TranscriptDeviation.CLIENT_ENDPOINTS_IGNORE_SIGNATURES), () -> {
                    // the reference answers 401 to a bad signature even here; we answer what it answered unsigned
                    Section disconnect = t1.section("disconnect GET unknown");
                    r.verify(disconnect, r.send(disconnect, BAD), EnumSet.noneOf(TranscriptDeviation.class));
                    Section listen = t2.section("listen malformed conn_id");
                    r.verify(listen, r.send(listen, BAD), EnumSet.of(TranscriptDeviation.LISTEN_ERROR_SHAPE));
                }),
                DynamicTest.dynamicTest(name(TranscriptDeviation.FUTURE_SIGNATURE_SKEW), () -> {
                    // itsdangerous 2.1.2 rejected any future timestamp; we accept up to 5 s of skew
                    Section info = t2.section("signature dated 1h in the future (itsdangerous 2.1.2 on server)");
                    String signed = new TimestampSigner(TestGateway.SECRET)
                            .sign("channelstream", Instant.now().getEpochSecond() + 3);
                    HttpRequest request = HttpRequest.newBuilder(URI.create(r.gateway.url() + info.path()))
                            .header("X-Channelstream-Secret", signed)
                            .method(info.method(), HttpRequest.BodyPublishers.noBody()).build();
                    assertThat(r.api.send(request).status()).as("3 s in the future").isEqualTo(200);
                    HttpResponse<String> far = r.send(info, TranscriptReplay.Signing.FUTURE_1H);
                    assertThat(far.statusCode()).as("1 h in the future").isEqualTo(401);
                }),
                DynamicTest.dynamicTest(name(TranscriptDeviation.COMPACT_JSON), () -> {
                    HttpResponse<String> info = r.send("POST", "/info", null, VALID);
                    TranscriptReplay.assertCompact("POST /info", info.body());
                }));
    }

    private static String name(TranscriptDeviation d) {
        return "deviation " + d + " (docs/protocol.md §14 " + d.row() + ")";
    }

    @Test
    void everyTranscriptSectionIsReplayedOrExplicitlySkipped() {
        Map<Transcript, Map<String, Step>> all = new LinkedHashMap<>();
        Transcript t1 = transcript("observed1.txt");
        all.put(t1, TranscriptObserved1.steps(null, t1));
        Transcript t2 = transcript("observed2.txt");
        all.put(t2, TranscriptObserved2.steps(null, t2));
        all.put(transcript("observed3.txt"), TranscriptObserved2.steps3(null));
        Set<String> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        all.forEach((t, steps) -> {
            Set<String> titles = new HashSet<>();
            for (Section s : t.sections()) {
                if (!titles.add(s.title())) {
                    problems.add(s.where() + ": the title is not unique in its file");
                }
                if (!steps.containsKey(s.title()) && !SKIPPED.containsKey(s.title())) {
                    problems.add(s.where() + ": not replayed and not in SKIPPED");
                }
                if (s.isExchange() && s.response() == null) {
                    problems.add(s.where() + ": an exchange without a recorded response");
                }
            }
            steps.keySet().stream().filter(k -> !titles.contains(k))
                    .forEach(k -> problems.add(t.file() + ": a step for a section that is not there: \"" + k + "\""));
            seen.addAll(titles);
        });
        SKIPPED.keySet().stream().filter(k -> !seen.contains(k))
                .forEach(k -> problems.add("SKIPPED names a section that is not there: \"" + k + "\""));
        assertThat(problems).as("transcript sections vs. replay steps").isEmpty();
    }
}
