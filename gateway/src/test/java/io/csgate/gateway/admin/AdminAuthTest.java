package io.csgate.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.json.Json;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.ApiClient.Answer;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Admin sign-in, the session cookie and who may see the admin pages (docs/protocol.md §1, §6.1), over
 * HTTP against real gateways: two sharing a topic and a cookie secret, one with another secret.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class AdminAuthTest {

    static final String USER = "boss";
    static final String PASSWORD = "s3cret pass";
    static final String COOKIE_SECRET = "shared-cookie-secret";

    private static TestGateway g1;
    private static TestGateway g2;
    private static TestGateway other;
    private static PageClient web;

    @BeforeAll
    static void start() {
        String topic = "admin-auth-" + UUID.randomUUID();
        // trusted_proxies: the tests that fail many sign-ins come "through a proxy" from addresses of
        // their own, each within the per-address sign-in limit
        Map<String, String> admin = Map.of("admin_user", USER, "admin_secret", PASSWORD, "cookie_secret", COOKIE_SECRET,
                "trusted_proxies", "127.0.0.1");
        g1 = TestGateway.start(topic, admin);
        Map<String, String> https = new java.util.HashMap<>(admin);
        https.put("http_scheme", "https");
        g2 = TestGateway.start(topic, https);
        other = TestGateway.start("admin-other-" + UUID.randomUUID(),
                Map.of("admin_user", USER, "admin_secret", PASSWORD, "cookie_secret", "another-secret"));
        web = new PageClient(g1.url());
    }

    @AfterAll
    static void stop() {
        for (TestGateway g : new TestGateway[] {g1, g2, other}) {
            if (g != null) {
                g.close();
            }
        }
    }

    static String signIn(PageClient client) {
        HttpResponse<String> r = client.postForm("/admin/sign_in", "username=" + USER + "&password=s3cret+pass");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        return PageClient.sessionCookie(r);
    }

    @Test
    void theFormIsServed() {
        HttpResponse<String> r = web.get("/admin/sign_in");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(r.body()).contains("<form", "name=\"username\"", "name=\"password\"").doesNotContain("Wrong");
    }

    @Test
    void rightCredentialsWhitespaceStrippedSetTheCookieAndRedirect() {
        HttpResponse<String> r = web.postForm("/admin/sign_in", "username=+boss%0A&password=%09s3cret+pass+");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("location")).contains(g1.url() + "/admin");
        assertThat(r.headers().allValues("set-cookie")).anySatisfy(c -> assertThat(c)
                .matches("auth_tkt=v2\\.[A-Za-z0-9_.-]+; Domain=127\\.0\\.0\\.1; Max-Age=2592000; Path=/; "
                        + "expires=[A-Za-z]{3}, \\d{1,2} [A-Za-z]{3} \\d{4} \\d\\d:\\d\\d:\\d\\d GMT; SameSite=Lax; HttpOnly"));
    }

    @Test
    void wrongCredentialsShowTheFormAgainAfterHalfASecond() {
        for (String form : List.of("username=boss&password=wrong", "username=root&password=s3cret+pass", "")) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = web.send("POST", "/admin/sign_in", form, "application/x-www-form-urlencoded",
                    Map.of("X-Forwarded-For", "10.9.0.1"));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(ms).as("delay for " + form).isGreaterThanOrEqualTo(SignInHandler.FAILURE_DELAY.toMillis() - 20);
            assertThat(r.body()).contains("Wrong user name or password", "<form");
            assertThat(r.headers().allValues("set-cookie")).isEmpty();
        }
    }

    @Test
    void failedSignInsWaitWithoutHoldingIoThreads() throws Exception {
        // 16 concurrent failures: with the delay on a blocked IO thread (2 here) this takes >= 4 s
        long t0 = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            all.add(web.postFormAsync("/admin/sign_in", "username=x&password=y", Map.of("X-Forwarded-For", "10.9.1." + i)));
        }
        for (CompletableFuture<HttpResponse<String>> f : all) {
            assertThat(f.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3_000);
    }

    @Test
    void pagesWithoutASessionRedirectToTheForm() {
        for (String path : List.of("/admin", "/admin/admin.json", "/admin/debug", "/api-explorer")) {
            HttpResponse<String> r = web.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(302);
            assertThat(r.headers().firstValue("location")).as(path).contains(g1.url() + "/admin/sign_in");
        }
        assertThat(web.send("POST", "/admin/admin.json", "{}", "application/json", Map.of()).statusCode()).isEqualTo(302);
    }

    @Test
    void pagesWithASessionAreServed() {
        String cookie = signIn(web);
        HttpResponse<String> admin = web.withCookie("GET", "/admin", cookie);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("static/admin.js", "admin/sign_out", "api-explorer");
        assertThat(admin.headers().firstValue("x-frame-options")).contains("DENY");
        HttpResponse<String> explorer = web.withCookie("GET", "/api-explorer", cookie);
        assertThat(explorer.statusCode()).isEqualTo(200);
        assertThat(explorer.body()).contains("static/swagger-ui/swagger-ui-bundle.js", "static/explorer.js")
                .doesNotContain("https://");
        HttpResponse<String> debug = web.withCookie("GET", "/admin/debug", cookie);
        assertThat(debug.statusCode()).isEqualTo(200);
        assertThat(debug.body()).contains("* Threads", "csgate");
    }

    @Test
    void adminJsonWithCookieOrSignature() {
        ApiClient api = g1.client();
        String room = "adm-" + UUID.randomUUID().toString().substring(0, 8);
        Answer c = api.post("/connect", Map.of("username", "adm-user", "channels", List.of(room),
                "fresh_user_state", Map.of("a", 1, "hidden", 2), "state_public_keys", List.of("a")));
        assertThat(c.status()).as(c.text()).isEqualTo(200);

        HttpResponse<String> r = web.withCookie("GET", "/admin/admin.json", signIn(web));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode j = parse(r.body());
        List<String> keys = new ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("remembered_user_count", "unique_user_count", "total_connections",
                "total_channels", "total_messages", "total_unique_messages", "channels", "users", "uptime", "version");
        assertThat(j.get("uptime").asText()).matches("\\d+:\\d\\d:\\d\\d");
        assertThat(j.get("version").asText()).isEqualTo("0.7.1");
        assertThat(j.get("channels").has(room)).isTrue();
        JsonNode user = null;
        for (JsonNode u : j.get("users")) {
            if (u.get("user").asText().equals("adm-user")) {
                user = u;
            }
        }
        assertThat(user).isNotNull();
        assertThat(user.get("state")).isEqualTo(Json.tree(Map.of("a", 1)));
        assertThat(user.get("connections").get(0).asText()).isEqualTo(c.json().get("conn_id").asText());

        assertThat(api.call("GET", "/admin/admin.json", null, true).json().get("version").asText()).isEqualTo("0.7.1");
        assertThat(api.call("POST", "/admin/admin.json", Map.of("ignored", true), true).status()).isEqualTo(200);
        Answer bad = api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(g1.url() + "/admin/admin.json"))
                .header("X-Channelstream-Secret", "channelstream.AAAA.BBBB").GET().build());
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.json()).isEqualTo(Json.tree(Map.of("request", "Bad Signature")));
    }

    @Test
    void aTamperedCookieIsRejected() {
        String cookie = signIn(web);
        String value = cookie.substring(cookie.indexOf('=') + 1);
        String[] p = value.split("\\.");
        String longer = "auth_tkt=" + p[0] + "." + p[1] + "." + (Long.parseLong(p[2]) + 1) + "." + p[3] + "." + p[4];
        String forged = "auth_tkt=" + new AdminSession("guessed", java.time.Clock.systemUTC()).issue(USER);
        for (String bad : List.of(longer, forged, "auth_tkt=garbage", "auth_tkt=")) {
            assertThat(web.withCookie("GET", "/admin/admin.json", bad).statusCode()).as(bad).isEqualTo(302);
        }
        assertThat(web.withCookie("GET", "/admin/admin.json", cookie).statusCode()).isEqualTo(200);
    }

    @Test
    void theSessionIsValidOnEveryGatewaySharingTheCookieSecret() {
        String cookie = signIn(web);
        assertThat(new PageClient(g2.url()).withCookie("GET", "/admin/admin.json", cookie).statusCode()).isEqualTo(200);
        assertThat(new PageClient(other.url()).withCookie("GET", "/admin/admin.json", cookie).statusCode()).isEqualTo(302);
    }

    @Test
    void signOutClearsTheCookie() {
        HttpResponse<String> r = web.withCookie("GET", "/admin/sign_out", signIn(web));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("location")).contains(g1.url() + "/admin/sign_in");
        assertThat(r.headers().allValues("set-cookie")).anySatisfy(c ->
                assertThat(c).startsWith("auth_tkt=; Domain=").contains("; Max-Age=0; Path=/"));
    }

    @Test
    void redirectsUseHttpSchemeAndScriptName() {
        PageClient https = new PageClient(g2.url());
        assertThat(https.get("/admin").headers().firstValue("location"))
                .contains(g2.url().replace("http://", "https://") + "/admin/sign_in");
        HttpResponse<String> signedIn = https.postForm("/admin/sign_in", "username=boss&password=s3cret+pass");
        assertThat(signedIn.headers().firstValue("location")).contains(g2.url().replace("http://", "https://") + "/admin");
        assertThat(signedIn.headers().allValues("set-cookie")).anySatisfy(c -> assertThat(c).endsWith("; Secure"));

        assertThat(web.get("/cs/admin", Map.of("X-Script-Name", "/cs/")).headers().firstValue("location"))
                .contains(g1.url() + "/cs/admin/sign_in");
        assertThat(web.get("/admin", Map.of("X-Script-Name", "//evil.example")).headers().firstValue("location"))
                .contains(g1.url() + "/admin/sign_in");
        assertThat(web.get("/admin", Map.of("X-Url-Scheme", "https")).headers().firstValue("location"))
                .contains(g1.url().replace("http://", "https://") + "/admin/sign_in");
    }

    @Test
    void theOpenApiDocumentIsForAdminsOnly() {
        HttpResponse<String> anonymous = web.get("/openapi.json");
        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.body()).contains("403 Forbidden");
        HttpResponse<String> withCookie = web.withCookie("GET", "/openapi.json", signIn(web));
        assertThat(withCookie.statusCode()).isEqualTo(200);
        assertThat(parse(withCookie.body()).get("openapi").asText()).startsWith("3.");
        assertThat(g1.client().call("GET", "/openapi.json", null, true).status()).isEqualTo(200);
        JsonNode prefixed = parse(web.send("GET", "/openapi.json", null, null,
                Map.of("Cookie", signIn(web), "X-Script-Name", "/cs")).body());
        assertThat(prefixed.get("servers").get(0).get("url").asText()).isEqualTo("/cs");
    }

    @Test
    void staticFilesAreOpenAndRevalidated() {
        HttpResponse<String> js = web.get("/static/admin.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        String etag = js.headers().firstValue("etag").orElseThrow();
        assertThat(web.get("/static/admin.js", Map.of("If-None-Match", etag)).statusCode()).isEqualTo(304);
        HttpResponse<String> bundle = web.get("/static/swagger-ui/swagger-ui-bundle.js");
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.body().length()).isGreaterThan(1_000_000);
        assertThat(web.get("/static/nope.js").statusCode()).isEqualTo(404);
    }

    private static JsonNode parse(String body) {
        try {
            return Json.parse(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
