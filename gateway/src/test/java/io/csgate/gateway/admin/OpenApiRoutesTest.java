package io.csgate.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.gateway.demo.DemoSite;
import io.csgate.gateway.http.ApiGuard;
import io.csgate.gateway.replica.StateThread;
import io.csgate.gateway.model.ChannelstreamModel;
import io.csgate.gateway.model.Outbox;
import io.csgate.gateway.testing.ApiClient;
import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import io.csgate.gateway.testing.WsClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAPI document against the routes: every route of {@code Routes.java} (read from its
 * source: the router keeps its table private) and of the admin and demo sites is documented with
 * its methods, nothing else is, and a running gateway (demo on) answers every documented operation with
 * something other than 404 and every undocumented method of a documented path with 404.
 * {@code /static/*} files are not operations and are left out.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class OpenApiRoutesTest {

    private static final Pattern ADD = Pattern.compile("\\.add\\(\\s*\"([A-Z]+)\"\\s*,\\s*\"(/[^\"]*)\"");
    private static final Pattern ANY = Pattern.compile("\\.any\\(\\s*\"(/[^\"]*)\"");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private static TestGateway gateway;
    private static JsonNode doc;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("openapi-" + UUID.randomUUID(), Map.of("demo", "true"));
        ApiClient.Answer a = gateway.client().call("GET", "/openapi.json", null, true);
        assertThat(a.status()).isEqualTo(200);
        doc = a.json();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** {@code "METHOD /path"} of every exact route, and the paths routed for any method. */
    record Table(Set<String> exact, Set<String> anyMethod) {}

    static Table implemented() throws IOException {
        Path routes = Path.of("src/main/java/io/csgate/gateway/http/Routes.java");
        if (!Files.exists(routes)) {
            routes = Path.of("gateway").resolve(routes);
        }
        String src = Files.readString(routes);
        Set<String> exact = new TreeSet<>();
        Set<String> any = new TreeSet<>();
        Matcher m = ADD.matcher(src);
        while (m.find()) {
            exact.add(m.group(1) + " " + m.group(2));
        }
        m = ANY.matcher(src);
        while (m.find()) {
            any.add(m.group(1));
        }
        assertThat(exact).as("routes found in " + routes).contains("POST /connect", "GET /listen");
        exact.addAll(adminSite().endpoints());
        if (gateway.config().demo()) {
            exact.addAll(new DemoSite(c -> exchange -> { }, model()).endpoints());
        }
        exact.removeIf(e -> e.contains(" /static/"));
        return new Table(exact, any);
    }

    static Map<String, Set<String>> documented() {
        Map<String, Set<String>> out = new java.util.TreeMap<>();
        doc.get("paths").fields().forEachRemaining(p -> {
            Set<String> methods = new TreeSet<>();
            p.getValue().fieldNames().forEachRemaining(k -> {
                if (METHODS.contains(k.toUpperCase(Locale.ROOT))) {
                    methods.add(k.toUpperCase(Locale.ROOT));
                }
            });
            out.put(p.getKey(), methods);
        });
        return out;
    }

    @Test
    void everyRouteIsDocumentedAndNothingElse() throws IOException {
        Table t = implemented();
        assertThat(t.exact()).contains("POST /connect", "GET /healthz", "GET /admin", "POST /admin/sign_in");
        assertThat(t.anyMethod()).contains("/info", "/disconnect");
        Map<String, Set<String>> docs = documented();
        Set<String> documentedExact = new TreeSet<>();
        docs.forEach((path, methods) -> {
            if (!t.anyMethod().contains(path)) {
                methods.forEach(mth -> documentedExact.add(mth + " " + path));
            }
        });
        assertThat(documentedExact).isEqualTo(t.exact());
        for (String path : t.anyMethod()) {
            assertThat(docs.get(path)).as("documented methods of " + path).isNotEmpty();
        }
    }

    @Test
    void everyDocumentedOperationIsAnswered() {
        ApiClient api = gateway.client();
        documented().forEach((path, methods) -> {
            for (String method : methods) {
                if (path.equals("/ws")) {
                    try (WsClient ws = api.websocket(gateway.wsUrl(), UUID.randomUUID().toString())) {
                        assertThat(ws.closeCode(Duration.ofSeconds(10))).isEqualTo(1000);
                    }
                    continue;
                }
                ApiClient.Answer a = api.call(method, path, method.equals("GET") ? null : "{}", true);
                assertThat(a.status()).as(method + " " + path + ": " + a.text()).isNotEqualTo(404);
            }
        });
    }

    @Test
    void undocumentedMethodsOfDocumentedPathsAre404() throws IOException {
        Table t = implemented();
        ApiClient api = gateway.client();
        documented().forEach((path, methods) -> {
            if (t.anyMethod().contains(path)) {
                return;
            }
            for (String method : METHODS) {
                if (!methods.contains(method)) {
                    assertThat(api.call(method, path, null, true).status()).as(method + " " + path).isEqualTo(404);
                }
            }
        });
    }

    @Test
    void theDocumentIsWellFormedOpenApi3() {
        assertThat(doc.get("openapi").asText()).startsWith("3.0.");
        assertThat(doc.get("info").get("title").asText()).isEqualTo("Channelstream API");
        assertThat(doc.get("info").get("version").asText()).isEqualTo("0.7.1");
        JsonNode schemes = doc.get("components").get("securitySchemes");
        assertThat(schemes.get("APIKeyHeader").get("name").asText()).isEqualTo("X-Channelstream-Secret");
        assertThat(names(doc.get("components").get("schemas"))).contains(
                "ChannelConfig", "ChannelConfigBody", "ChannelInfoBody", "ConnectBody", "DisconnectBody",
                "InfoResolution", "MessageBody", "MessageEditBody", "MessagesBody", "MessagesDeleteBody",
                "SubscribeBody", "UnsubscribeBody", "UserStateBody", "AdminInfo");
        Set<String> operationIds = new HashSet<>();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(o -> {
            JsonNode op = o.getValue();
            String where = o.getKey() + " " + p.getKey();
            assertThat(operationIds.add(op.get("operationId").asText())).as("unique operationId " + where).isTrue();
            assertThat(op.get("responses").size()).as("responses of " + where).isPositive();
            assertThat(op.get("tags").size()).as("tags of " + where).isPositive();
            op.get("security").forEach(req -> req.fieldNames().forEachRemaining(name ->
                    assertThat(schemes.has(name)).as("security scheme " + name).isTrue()));
        }));
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as("target of " + ref).isFalse();
        }
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref")) {
                    out.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, out));
        }
    }

    private static Set<String> names(JsonNode object) {
        Set<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static AdminSite adminSite() {
        StateThread now = new StateThread() {
            @Override
            public <T> CompletableFuture<T> call(Supplier<T> work) {
                return CompletableFuture.completedFuture(work.get());
            }
        };
        // only the route list is read: no handler runs
        return new AdminSite(gateway.config(), new ApiGuard(List.of(), List.of(), s -> false), now, model(),
                gateway.config().demo(), new SessionRevocations(java.time.Clock.systemUTC()),
                command -> exchange -> { }, () -> { });
    }

    private static ChannelstreamModel model() {
        return new ChannelstreamModel(new Outbox() {
            @Override
            public void deliver(List<UUID> connIds, Map<String, Object> event) { }

            @Override
            public void close(UUID connId) { }
        });
    }
}
