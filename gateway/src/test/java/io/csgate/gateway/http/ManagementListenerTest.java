package io.csgate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16, L6: with {@code management_port} the operational paths and the admin panel are served
 * on a listener of their own and no longer on the public port; without it nothing moves.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ManagementListenerTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> OPERATIONAL = List.of("/metrics", "/healthz", "/readyz", "/admin",
            "/admin/sign_in", "/admin/admin.json", "/admin/debug", "/admin/sign_out");

    @Test
    void operationalPathsAndTheAdminPanelMoveToTheManagementListener() throws Exception {
        try (TestGateway g = TestGateway.start("mgmt-" + UUID.randomUUID(), Map.of("management_port", "0",
                "management_host", "127.0.0.1"))) {
            int mport = g.gateway().managementPort();
            assertThat(mport).isPositive().isNotEqualTo(g.gateway().port());
            String management = "http://127.0.0.1:" + mport;

            for (String path : OPERATIONAL) {
                assertThat(get(g.url() + path).statusCode()).as("public " + path).isEqualTo(404);
            }
            assertThat(get(management + "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(management + "/readyz").body()).contains("\"status\":\"ready\"");
            assertThat(get(management + "/metrics").body()).contains("csgate_http_connections");
            assertThat(get(management + "/admin").headers().firstValue("location"))
                    .hasValue(management + "/admin/sign_in");
            assertThat(get(management + "/admin/sign_in").body()).contains("<form", "static/site.css");
            assertThat(get(management + "/static/site.css").statusCode()).isEqualTo(200);
            // the API, websockets and the explorer stay public; the explorer no longer sends to a form it cannot reach
            assertThat(get(management + "/info").statusCode()).isEqualTo(404);
            ApiClient api = g.client();
            assertThat(api.post("/connect", Map.of("username", "u")).status()).isEqualTo(200);
            assertThat(get(g.url() + "/api-explorer").statusCode()).isEqualTo(403);
            assertThat(get(g.url() + "/static/site.css").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withoutAManagementPortEverythingStaysOnThePublicPort() throws Exception {
        try (TestGateway g = TestGateway.start()) {
            assertThat(g.gateway().managementPort()).isEqualTo(-1);
            assertThat(get(g.url() + "/metrics").statusCode()).isEqualTo(200);
            assertThat(get(g.url() + "/readyz").statusCode()).isEqualTo(200);
            assertThat(get(g.url() + "/admin").statusCode()).isEqualTo(302);
            assertThat(get(g.url() + "/api-explorer").headers().firstValue("location"))
                    .hasValue(g.url() + "/admin/sign_in");
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
