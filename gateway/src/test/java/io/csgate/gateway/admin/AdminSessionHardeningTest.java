package io.csgate.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16, L5: signing out ends the session on every gateway sharing {@code cookie_secret} and the
 * log (also one started afterwards), and sign-in attempts are limited per client address, so
 * parallel guessing gets a handful of tries.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class AdminSessionHardeningTest {

    private static final String USER = "boss";
    private static final String PASSWORD = "right horse battery";

    private static Map<String, String> admin() {
        Map<String, String> m = new HashMap<>();
        m.put("admin_user", USER);
        m.put("admin_secret", PASSWORD);
        m.put("cookie_secret", "shared-cookie-secret");
        m.put("snapshot_every_events", "1"); // a gateway started later begins from a snapshot
        return m;
    }

    private static String signIn(PageClient client) {
        HttpResponse<String> r = client.postForm("/admin/sign_in", "username=boss&password=right+horse+battery");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        return PageClient.sessionCookie(r);
    }

    private static int adminJson(TestGateway g, String cookie) {
        return new PageClient(g.url()).withCookie("GET", "/admin/admin.json", cookie).statusCode();
    }

    @Test
    void signingOutOnOneGatewayEndsTheSessionOnEveryGateway() {
        String topic = "admin-signout-" + UUID.randomUUID();
        try (TestGateway g1 = TestGateway.start(topic, admin()); TestGateway g2 = TestGateway.start(topic, admin())) {
            PageClient web = new PageClient(g1.url());
            String kept = signIn(web);
            String other = signIn(web);
            assertThat(adminJson(g1, kept)).isEqualTo(200);
            assertThat(adminJson(g2, kept)).isEqualTo(200);

            HttpResponse<String> out = web.withCookie("GET", "/admin/sign_out", kept);
            assertThat(out.statusCode()).isEqualTo(302);
            assertThat(out.headers().firstValue("location")).hasValueSatisfying(l -> assertThat(l).endsWith("/admin/sign_in"));

            // a copy of the cookie kept by an attacker is worthless: at once where it signed out...
            assertThat(adminJson(g1, kept)).isEqualTo(302);
            // ...and on the other gateway as soon as it has applied the event
            await().atMost(Duration.ofSeconds(20)).until(() -> adminJson(g2, kept) == 302);
            // the other session of the same user lives on
            assertThat(adminJson(g1, other)).isEqualTo(200);
            assertThat(adminJson(g2, other)).isEqualTo(200);
            // signing out again with the dead cookie produces nothing and still lands on the form
            assertThat(web.withCookie("GET", "/admin/sign_out", kept).statusCode()).isEqualTo(302);

            try (TestGateway g3 = TestGateway.start(topic, admin())) {
                assertThat(adminJson(g3, kept)).as("a gateway started after the sign-out").isEqualTo(302);
                assertThat(adminJson(g3, other)).isEqualTo(200);
            }
        }
    }

    @Test
    void parallelGuessesFromOneAddressAreMostlyRefused() throws Exception {
        Map<String, String> config = admin();
        config.put("trusted_proxies", "127.0.0.1");
        try (TestGateway g = TestGateway.start("admin-guess-" + UUID.randomUUID(), config)) {
            PageClient web = new PageClient(g.url());
            List<CompletableFuture<HttpResponse<String>>> guesses = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                guesses.add(web.postFormAsync("/admin/sign_in", "username=boss&password=guess" + i,
                        Map.of("X-Forwarded-For", "203.0.113.7")));
            }
            int wrong = 0;
            int limited = 0;
            for (CompletableFuture<HttpResponse<String>> f : guesses) {
                HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
                if (r.statusCode() == 429) {
                    limited++;
                    assertThat(r.headers().firstValue("retry-after")).hasValueSatisfying(
                            v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
                    assertThat(r.body()).contains("Too many sign-in attempts", "<form");
                } else {
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.body()).contains("Wrong user name or password");
                    wrong++;
                }
            }
            assertThat(wrong).as("guesses checked").isLessThanOrEqualTo(SignInLimiter.BURST);
            assertThat(limited).isGreaterThanOrEqualTo(200 - SignInLimiter.BURST);

            // the right password from that address waits like the guesses; other addresses are not held up
            HttpResponse<String> right = web.send("POST", "/admin/sign_in", "username=boss&password=right+horse+battery",
                    "application/x-www-form-urlencoded", Map.of("X-Forwarded-For", "203.0.113.7"));
            assertThat(right.statusCode()).isEqualTo(429);
            HttpResponse<String> elsewhere = web.send("POST", "/admin/sign_in",
                    "username=boss&password=right+horse+battery", "application/x-www-form-urlencoded",
                    Map.of("X-Forwarded-For", "198.51.100.1"));
            assertThat(elsewhere.statusCode()).isEqualTo(302);
            HttpResponse<String> metrics = new PageClient(g.url()).get("/metrics");
            assertThat(metrics.body()).containsPattern(
                    "csgate_http_requests_refused_total\\{[^}]*reason=\"sign_in_rate\"[^}]*} (19[0-9]|200)\\.0");
        }
    }
}
