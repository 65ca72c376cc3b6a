package io.csgate.gateway.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** docs/protocol.md §3: CORS on every answer, allow_cors, OPTIONS, enforce_https, X-Script-Name, X-Scheme. */
@ExtendWith(EmbeddedKafkaExtension.class)
class HttpBehaviourTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> send(HttpRequest r) throws Exception {
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void corsHeadersFollowAllowCors() throws Exception {
        try (TestGateway g = TestGateway.start("cors-" + UUID.randomUUID(), Map.of("allow_cors", "example.com"))) {
            HttpResponse<String> match = send(HttpRequest.newBuilder(URI.create(g.url() + "/healthz"))
                    .header("Origin", "https://app.example.com").GET().build());
            assertThat(match.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            assertThat(match.headers().firstValue("Access-Control-Allow-Methods"))
                    .hasValue("GET, POST, OPTIONS, PUT, DELETE, PATCH");
            assertThat(match.headers().firstValue("Access-Control-Max-Age")).hasValue("86400");
            assertThat(match.headers().firstValue("XDomainRequestAllowed")).hasValue("1");
            HttpResponse<String> other = send(HttpRequest.newBuilder(URI.create(g.url() + "/healthz"))
                    .header("Origin", "https://evil.test").GET().build());
            assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(other.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                    .contains("Content-Type").doesNotContain("X-Channelstream-Secret");
            HttpResponse<String> preflight = send(HttpRequest.newBuilder(URI.create(g.url() + "/anything/at/all"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
            assertThat(preflight.statusCode()).isEqualTo(200);
            assertThat(preflight.body()).isEmpty();
        }
    }

    @Test
    void enforceHttpsAnswers406OverHttpAndHonoursXScheme() throws Exception {
        try (TestGateway g = TestGateway.start("https-" + UUID.randomUUID(), Map.of("enforce_https", "true"))) {
            HttpResponse<String> plain = send(HttpRequest.newBuilder(URI.create(g.url() + "/healthz")).GET().build());
            assertThat(plain.statusCode()).isEqualTo(406);
            HttpResponse<String> proxied = send(HttpRequest.newBuilder(URI.create(g.url() + "/healthz"))
                    .header("X-Scheme", "https").GET().build());
            assertThat(proxied.statusCode()).isEqualTo(200);
            HttpResponse<String> urlScheme = send(HttpRequest.newBuilder(URI.create(g.url() + "/nope"))
                    .header("X-Url-Scheme", "https").GET().build());
            assertThat(urlScheme.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void xScriptNameIsAPrefixRemovedBeforeRouting() throws Exception {
        try (TestGateway g = TestGateway.start("prefix-" + UUID.randomUUID(), Map.of())) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(g.url() + "/cs/healthz"))
                    .header("X-Script-Name", "/cs").GET().build());
            assertThat(r.statusCode()).isEqualTo(200);
            HttpResponse<String> without = send(HttpRequest.newBuilder(URI.create(g.url() + "/cs/healthz")).GET().build());
            assertThat(without.statusCode()).isEqualTo(404);
        }
    }
}
