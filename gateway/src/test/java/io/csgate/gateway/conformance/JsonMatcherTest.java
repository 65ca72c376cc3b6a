package io.csgate.gateway.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.json.Json;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The replay's comparison and transcript parsing rules, without a gateway: what they must catch. */
class JsonMatcherTest {

    private static final String A = "aaaaaaaa-1234-5678-1234-567812345678";
    private static final String B = "bbbbbbbb-1234-5678-1234-567812345678";
    private static final String C = "cccccccc-1234-5678-1234-567812345678";

    private static JsonNode j(String text) throws Exception {
        return Json.parse(text.replace('\'', '"'));
    }

    private static List<String> diff(String expected, String actual) throws Exception {
        return new JsonMatcher(new TranscriptIds()).compare(j(expected), j(actual));
    }

    @Test
    void keyOrderCountsAtTheTopAndInEventsOnly() throws Exception {
        assertThat(diff("{'a':1,'b':2}", "{'b':2,'a':1}")).singleElement().asString().contains("key order");
        assertThat(diff("[{'a':1,'b':2}]", "[{'b':2,'a':1}]")).singleElement().asString().contains("key order");
        assertThat(diff("{'x':{'history':[{'a':1,'b':2}]}}", "{'x':{'history':[{'b':2,'a':1}]}}")).hasSize(1);
        assertThat(diff("{'x':{'a':1,'b':2}}", "{'x':{'b':2,'a':1}}")).isEmpty();
    }

    @Test
    void typesNullAndAbsenceAreExact() throws Exception {
        assertThat(diff("{'a':1}", "{'a':1.0}")).hasSize(1);
        assertThat(diff("{'a':1.5}", "{'a':1.50}")).isEmpty();
        assertThat(diff("{'a':null}", "{}")).singleElement().asString().contains("missing keys [a]");
        assertThat(diff("{}", "{'a':null}")).singleElement().asString().contains("unexpected keys [a]");
        assertThat(diff("{'a':'1'}", "{'a':1}")).hasSize(1);
        assertThat(diff("[1,2]", "[2,1]")).hasSize(2);
        assertThat(diff("{'a':false}", "{'a':null}")).hasSize(1);
    }

    @Test
    void uuidsMapOneToOneAcrossComparisons() throws Exception {
        TranscriptIds ids = new TranscriptIds();
        JsonMatcher m = new JsonMatcher(ids);
        assertThat(m.compare(j("{'u':'" + A + "'}"), j("{'u':'" + B + "'}"))).isEmpty();
        assertThat(ids.ours(A)).hasValue(B);
        assertThat(m.compare(j("{'u':'" + A + "'}"), j("{'u':'" + C + "'}"))).hasSize(1);
        assertThat(m.compare(j("{'u':'" + C + "'}"), j("{'u':'" + B + "'}"))).hasSize(1);
        assertThat(m.compare(j("{'u':'" + A + "'}"), j("{'u':'not-a-uuid'}"))).hasSize(1);
        assertThat(ids.substitute("/x?conn_id=" + A + "&c=" + C)).isEqualTo("/x?conn_id=" + B + "&c=" + C);
        assertThat(ids.ours(C)).hasValue(C);
    }

    @Test
    void timesMatchByNaiveIsoformatShape() throws Exception {
        String ref = "{'timestamp':'2026-11-29T07:00:03.129361'}";
        assertThat(diff(ref, "{'timestamp':'2030-01-02T03:04:05'}")).isEmpty();
        assertThat(diff(ref, "{'timestamp':'2030-01-02T03:04:05Z'}")).hasSize(1);
        assertThat(diff(ref, "{'timestamp':'2030-01-02 03:04:05.123456'}")).hasSize(1);
        assertThat(diff("{'uptime':'0:00:28'}", "{'uptime':'1:02:03'}")).isEmpty();
        assertThat(diff("{'version':'0:00:28'}", "{'version':'1:02:03'}")).hasSize(1);
    }

    @Test
    void onlyTheNamedUsersListIsUnordered() throws Exception {
        JsonMatcher m = new JsonMatcher(new TranscriptIds()).unorderedUsersAt(Set.of("$.users"));
        String ref = "{'users':[{'user':'bob','state':{}},{'user':'alice','state':{}}],"
                + "'x':{'users':[{'user':'bob'},{'user':'alice'}]}}";
        assertThat(m.compare(j(ref), j("{'users':[{'user':'alice','state':{}},{'user':'bob','state':{}}],"
                + "'x':{'users':[{'user':'bob'},{'user':'alice'}]}}"))).isEmpty();
        assertThat(m.compare(j(ref), j("{'users':[{'user':'alice','state':{}},{'user':'bob','state':{}}],"
                + "'x':{'users':[{'user':'alice'},{'user':'bob'}]}}"))).hasSize(2);
        assertThat(m.compare(j(ref), j("{'users':[{'user':'alice','state':{'a':1}},{'user':'bob','state':{}}],"
                + "'x':{'users':[{'user':'bob'},{'user':'alice'}]}}"))).hasSize(1);
    }

    @Test
    void theParserKeepsWhatTheRecorderWrote() {
        Transcript t = Transcript.parse("t.txt", """

                ### a
                POST /x -> HTTP 422
                REQUEST BODY: {"conn_id": "zzz"}
                RESPONSE: {
                    "conn_id": ["Not a valid UUID."]
                }
                Exception in thread Thread-2 (ws_reader):
                  boom

                ### cut
                GET /y -> HTTP 200
                  Content-Type: text/html; charset=UTF-8
                RESPONSE: {
                    "conn_id": "aeb05472-2776-4637-bb25-eb33b11f75b2",
                    "u

                ### frames
                (1.5, 1, '[\\n    {"a": "it\\'s"}\\n]')
                (5.0, 1, '[]')

                ### only a title -> opcode 8 payload b'\\x03\\xe8'
                """);
        assertThat(t.sections()).extracting(Transcript.Section::title)
                .containsExactly("a", "cut", "frames", "only a title -> opcode 8 payload b'\\x03\\xe8'");
        Transcript.Section a = t.section("a");
        assertThat(a.requestBody()).isEqualTo("{\"conn_id\": \"zzz\"}");
        assertThat(a.json().orElseThrow().trailer()).startsWith("Exception in thread");
        Transcript.Section cut = t.section("cut");
        assertThat(cut.jsonTruncated()).isTrue();
        assertThat(cut.headers()).containsEntry("Content-Type", "text/html; charset=UTF-8");
        assertThat(cut.truncatedConnId()).hasValue("aeb05472-2776-4637-bb25-eb33b11f75b2");
        List<Transcript.Frame> frames = t.section("frames").frames();
        assertThat(frames.get(0).json().get(0).get("a").asText()).isEqualTo("it's");
        assertThat(frames.get(1).heartbeat()).isTrue();
        assertThat(Transcript.pythonBytes("\\x03\\xe8")).containsExactly(0x03, 0xe8);
    }
}
