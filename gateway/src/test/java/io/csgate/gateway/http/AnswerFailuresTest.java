package io.csgate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.json.EncodedMap;
import io.csgate.common.json.Json;
import io.csgate.gateway.config.ConfigLoader;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.LogCapture;
import io.csgate.gateway.testing.TestGateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16, H3 (the HTTP half): every request gets an answer. A failure while answering is a 500
 * JSON body with an id that the log has too, with the stack trace, once; text that cannot be
 * encoded does not fail answers, so one bad user name cannot leave requests hanging or break a
 * channel for everyone else.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class AnswerFailuresTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aLoneSurrogateInAUserNameNeitherHangsTheAnswerNorBreaksTheChannel() {
        try (TestGateway g = TestGateway.start()) {
            ApiClient api = g.client();
            assertThat(api.post("/connect", Map.of("username", "good", "channels", List.of("room"))).status())
                    .isEqualTo(200);
            // valid JSON: the escape names a lone high surrogate. Validation may refuse it (422); if it is
            // let through, the answer must still come (the client gives up after 20 s)
            ApiClient.Answer bad = api.post("/connect", "{\"username\":\"bad\\ud800\",\"channels\":[\"room\"]}");
            assertThat(bad.status()).as(bad.text()).isIn(200, 422);

            ApiClient.Answer next = api.post("/connect", Map.of("username", "next", "channels", List.of("room")));
            assertThat(next.status()).as(next.text()).isEqualTo(200);
            assertThat(next.json().get("channels_info").get("channels").get("room").get("users").toString())
                    .contains("good", "next");
            ApiClient.Answer info = api.post("/info", Map.of("info", Map.of("channels", List.of("room"))));
            assertThat(info.status()).as(info.text()).isEqualTo(200);
            assertThat(info.json().get("channels").get("room").get("total_users").asInt()).isBetween(2, 3);
        }
    }

    @Test
    void unexpectedExceptionsAreA500WithAnIdThatIsInTheLogOnce() throws Exception {
        Router router = new Router()
                .add("GET", "/throws", exchange -> {
                    throw new IllegalStateException("boom on the IO thread");
                })
                .add("GET", "/worker", exchange -> {
                    if (exchange.isInIoThread()) {
                        exchange.dispatch(Failures.guard(exchange2 -> {
                            throw new IllegalStateException("boom on a worker");
                        }));
                    }
                })
                .add("GET", "/later", exchange -> exchange.dispatch(io.undertow.util.SameThreadExecutor.INSTANCE,
                        () -> exchange.getIoThread().execute(Failures.guard(exchange, () -> {
                            throw new IllegalStateException("boom in a callback");
                        }))))
                .add("GET", "/surrogate", exchange -> {
                    LinkedHashMap<String, Object> user = new LinkedHashMap<>();
                    user.put("user", "bad\ud800");
                    Responses.json(exchange, 200, Map.of("users", List.of(new EncodedMap(user)), "plain", "x\udc00y"));
                });
        try (HttpServer server = HttpServer.start(ConfigLoader.fromValues(Map.of("host", "127.0.0.1", "port", "0")),
                Failures.guard(router), Failures.guard(router), new SimpleMeterRegistry());
             LogCapture log = LogCapture.root()) {
            String base = "http://127.0.0.1:" + server.port();
            for (String path : List.of("/throws", "/worker", "/later")) {
                HttpResponse<String> r = get(base + path);
                assertThat(r.statusCode()).as(path).isEqualTo(500);
                assertThat(r.headers().firstValue("content-type")).contains("application/json");
                JsonNode body = Json.parse(r.body());
                assertThat(body.get("error").asText()).isEqualTo("internal error");
                String id = body.get("id").asText();
                assertThat(UUID.fromString(id).toString()).isEqualTo(id);
                List<ILoggingEvent> lines = log.events(Level.WARN).stream()
                        .filter(e -> e.getFormattedMessage().contains(id)).toList();
                assertThat(lines).as(path).hasSize(1);
                assertThat(lines.get(0).getLevel()).isEqualTo(Level.ERROR);
                assertThat(lines.get(0).getFormattedMessage()).contains("GET " + path);
                assertThat(lines.get(0).getThrowableProxy().getMessage()).startsWith("boom");
            }
            assertThat(log.events(Level.WARN)).as("nothing but our three lines").hasSize(3);

            HttpResponse<String> lenient = get(base + "/surrogate");
            assertThat(lenient.statusCode()).isEqualTo(200);
            assertThat(Json.parse(lenient.body())).isEqualTo(Json.parse("{\"users\":[{\"user\":\"bad?\"}],\"plain\":\"x?y\"}"));
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
