package io.csgate.gateway.conformance;

import static io.csgate.gateway.conformance.TranscriptReplay.Signing.COOKIE;
import static io.csgate.gateway.conformance.TranscriptReplay.Signing.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.gateway.conformance.Transcript.Section;
import io.csgate.gateway.conformance.TranscriptReplay.Signing;
import io.csgate.gateway.conformance.TranscriptReplay.Step;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin and API-explorer sections of {@code observed2.txt}: unauthenticated redirects, the
 * sign-in form, the session cookie and what it opens. These steps need the {@code /admin} routes:
 * when {@code GET /admin/sign_in} answers 404 the replay fails, it does not skip them.
 */
final class TranscriptAdmin {

    static final String OPENAPI = "GET /openapi.json with cookie -> HTTP 200 paths: ['/admin/admin.json', "
            + "'/channel_config', '/connect', '/disconnect', '/info', '/listen', '/message', '/subscribe', "
            + "'/unsubscribe', '/user_state'] definitions: ['ChannelConfig', 'ChannelConfigBody', "
            + "'ChannelInfoBody', 'ConnectBody', 'DisconnectBody', 'InfoResolution', 'MessageBody', "
            + "'MessageEditBody', 'MessagesBody', 'MessagesDeleteBody', 'SubscribeBody', 'UnsubscribeBody', "
            + "'UserStateBody']";
    private static final Pattern OPENAPI_TITLE = Pattern.compile(
            "GET (\\S+) with cookie -> HTTP (\\d{3}) paths: \\[(.*)] definitions: \\[(.*)]");

    private TranscriptAdmin() {}

    static Map<String, Step> steps(TranscriptReplay r) {
        Map<String, Step> s = new LinkedHashMap<>();
        s.put("GET /admin unauthenticated", admin(r, NONE));
        s.put("GET /api-explorer unauthenticated", admin(r, NONE));
        s.put("POST /admin/sign_in wrong pw", admin(r, NONE));
        s.put("POST /admin/sign_in ok", admin(r, NONE)); // keeps the auth_tkt cookie for what follows
        s.put("GET /admin/admin.json with cookie", admin(r, COOKIE));
        s.put(OPENAPI, Step.admin(sec -> openApi(r, sec)));
        s.put("GET /api-explorer with cookie", admin(r, COOKIE));
        s.put("GET /admin/debug with cookie", Step.admin(sec -> debug(r, sec)));
        s.put("GET /admin/sign_out", admin(r, COOKIE));
        return s;
    }

    private static Step admin(TranscriptReplay r, Signing signing) {
        return Step.admin(sec -> r.exchange(sec, signing));
    }

    /** The document's paths and definitions, as the title lists them (sorted). */
    private static void openApi(TranscriptReplay r, Section sec) {
        Matcher m = OPENAPI_TITLE.matcher(sec.title());
        assertThat(m.matches()).as(sec.where()).isTrue();
        HttpResponse<String> ours = r.send("GET", m.group(1), null, COOKIE);
        assertThat(ours.statusCode()).as(sec.where() + ": status").isEqualTo(Integer.parseInt(m.group(2)));
        JsonNode doc = TranscriptReplay.parse(sec.where(), ours.body());
        String as = sec.where() + " (" + TranscriptDeviation.OPENAPI_3 + ")";
        assertThat(doc.path("openapi").asText()).as(as).startsWith("3.");
        assertThat(sortedKeys(doc.path("paths"))).as(as + ": paths").containsAll(pythonList(m.group(3)));
        assertThat(sortedKeys(doc.path("components").path("schemas"))).as(as + ": schemas")
                .containsAll(pythonList(m.group(4)));
    }

    /**
     * ADMIN_DEBUG_DUMP (docs/protocol.md §14 #24): the reference dumps its greenlets, a dump
     * describes the runtime, so status, text/plain and the banner lines the recorder kept are compared.
     */
    private static void debug(TranscriptReplay r, Section sec) {
        HttpResponse<String> ours = r.send(sec, COOKIE);
        String as = sec.where() + " (" + TranscriptDeviation.ADMIN_DEBUG_DUMP + ")";
        assertThat(ours.statusCode()).as(as + ": status").isEqualTo(sec.status());
        assertThat(ours.headers().firstValue("content-type").orElse("")).as(as + ": content type").startsWith("text/plain");
        List<String> banner = Arrays.asList(sec.response().split("\n")).subList(0, 3);
        List<String> head = Arrays.asList(ours.body().split("\n"));
        assertThat(head.subList(0, Math.min(3, head.size()))).as(as + ": banner").isEqualTo(banner);
    }

    private static List<String> sortedKeys(JsonNode node) {
        List<String> out = JsonMatcher.keys(node);
        out.sort(null);
        return out;
    }

    private static List<String> pythonList(String items) {
        List<String> out = new ArrayList<>();
        for (String item : items.split(",")) {
            out.add(item.trim().replaceAll("^'|'$", ""));
        }
        return out;
    }
}
