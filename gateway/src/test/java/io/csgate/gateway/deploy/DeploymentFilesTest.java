package io.csgate.gateway.deploy;

import static io.csgate.gateway.deploy.DeployPaths.*;

import static io.csgate.gateway.deploy.DeployFiles.at;
import static io.csgate.gateway.deploy.DeployFiles.file;
import static io.csgate.gateway.deploy.DeployFiles.list;
import static io.csgate.gateway.deploy.DeployFiles.map;
import static io.csgate.gateway.deploy.DeployFiles.read;
import static io.csgate.gateway.deploy.DeployFiles.relative;
import static io.csgate.gateway.deploy.DeployFiles.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.csgate.gateway.config.ConfigLoader;
import io.csgate.gateway.config.GatewayConfig;
import io.csgate.gateway.deploy.NginxConf.Directive;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import io.csgate.common.kafka.ClientProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the deployment files against each other and against the code, since no Docker engine or
 * Kubernetes cluster runs them here: they parse, every {@code CHANNELSTREAM_*} variable is a real
 * setting and every setting given is valid (loaded with {@link ConfigLoader}), referenced files
 * exist, ports and probe paths agree, the Docker build copies what the Maven build needs, and
 * nginx upgrades websockets.
 */class DeploymentFilesTest {

    // ================================================================ every file

    static Stream<Path> yamlFiles() {
        List<Path> files = new ArrayList<>();
        files.add(file(COMPOSE));
        files.addAll(DeployFiles.filesUnder("deploy", ".yml", ".yaml"));
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("yamlFiles")
    void everyYamlFileParses(Path yaml) {
        List<Object> docs = DeployFiles.yamlDocuments(yaml);

        assertThat(docs).as(relative(yaml)).isNotEmpty().allSatisfy(d -> assertThat(d).isInstanceOf(Map.class));
    }

    /** Every deployment text: the compose file, everything under deploy/, the ignore file, the docs. */
    static List<Path> deploymentTexts() {
        List<Path> files = new ArrayList<>();
        files.add(file(COMPOSE));
        files.add(file(DOCKERIGNORE));
        files.add(file(DOCS));
        files.addAll(DeployFiles.filesUnder("deploy", ""));
        return files;
    }

    @Test
    void everyChannelstreamVariableNamesARealSetting() {
        Set<String> known = DeployFiles.configVariables();
        Map<String, Set<String>> unknown = new TreeMap<>();
        Set<String> used = new TreeSet<>();
        for (Path f : deploymentTexts()) {
            Set<String> names = DeployFiles.channelstreamVariablesIn(read(f));
            used.addAll(names);
            Set<String> bad = new TreeSet<>(names);
            bad.removeAll(known);
            bad.removeIf(DeploymentFilesTest::namesAKafkaClientSetting);
            if (!bad.isEmpty()) {
                unknown.put(relative(f), bad);
            }
        }

        assertThat(unknown).as("CHANNELSTREAM_* names that no setting reads (known: %s)", known).isEmpty();
        assertThat(used).as("the files do use settings").contains("CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS",
                "CHANNELSTREAM_SECRET", "CHANNELSTREAM_COOKIE_SECRET", "CHANNELSTREAM_ALLOW_POSTING_FROM");
    }

    /**
     * {@code CHANNELSTREAM_KAFKA_CLIENT_<NAME>} where NAME maps to a setting of Kafka's clients, or
     * the prefix itself as written in {@code CHANNELSTREAM_KAFKA_CLIENT_<NAME>}.
     */
    private static boolean namesAKafkaClientSetting(String variable) {
        if (variable.equals(ClientProperties.VARIABLE_PREFIX.substring(0, ClientProperties.VARIABLE_PREFIX.length() - 1))) {
            return true;
        }
        try {
            return variable.startsWith(ClientProperties.VARIABLE_PREFIX)
                    && ClientProperties.fromEnvironment(Map.of(variable, "x")).unknownKeys().isEmpty();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static final Pattern REPO_PATH = Pattern.compile(
            "(?<![\\w/.$-])((?:deploy|docs|gateway|common|ingest-cli|bench)/[\\w./-]*\\w|docker-compose\\.yml|\\.dockerignore)");

    @Test
    void everyRepositoryPathNamedInTheFilesExists() {
        Map<String, Set<String>> missing = new TreeMap<>();
        for (Path f : deploymentTexts()) {
            Matcher m = REPO_PATH.matcher(read(f));
            while (m.find()) {
                String p = m.group(1);
                if (p.contains("/target/") || p.endsWith("/target")) {
                    continue; // build output, made by the build
                }
                if (!Files.exists(file(p))) {
                    missing.computeIfAbsent(relative(f), k -> new TreeSet<>()).add(p);
                }
            }
        }

        assertThat(missing).as("paths named in the deployment files that do not exist").isEmpty();
    }

    // ================================================================ Dockerfile

    @Test
    void placeholderSecretsAreMarkedAsSuch() {
        Map<String, String> example = DeployFiles.dotenv(file(ENV_EXAMPLE));
        assertThat(example.get("CSGATE_SECRET")).contains("REPLACE_ME");
        assertThat(example.get("CSGATE_COOKIE_SECRET")).contains("REPLACE_ME");
        assertThat(example.get("CSGATE_ADMIN_SECRET")).contains("REPLACE_ME");

        Map<String, String> secret = KubernetesFilesTest.k8sEnv("Secret");
        assertThat(secret).isNotEmpty();
        assertThat(secret.values()).allSatisfy(v -> assertThat(v).contains("REPLACE_ME"));
    }

    // ================================================================ Kubernetes

    /** Every manifest under deploy/k8s (the kustomization excepted), in file order. */
    static Stream<Path> exampleInis() {
        List<Path> inis = DeployFiles.filesUnder("deploy/config", ".ini");
        assertThat(inis).as("example ini files under deploy/config").isNotEmpty();
        return inis.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleInis")
    void exampleIniLoadsAsAClusterMember(Path ini) {
        GatewayConfig[] c = new GatewayConfig[1];
        assertThatCode(() -> c[0] = ConfigLoader.fromIni(ini)).doesNotThrowAnyException();

        assertThat(c[0].embeddedKafka()).as("a cluster gateway never starts an embedded broker").isFalse();
        assertThat(c[0].cookieSecretGenerated()).as("cookie_secret set, to be shared").isFalse();
        assertThat(c[0].secret()).contains("REPLACE_ME");
        assertThat(c[0].cookieSecret()).contains("REPLACE_ME");
        assertThat(read(ini)).as("allow_posting_from is set explicitly")
                .containsPattern("(?m)^allow_posting_from\\s*=\\s*\\S");
    }

    // ================================================================ nginx

    @Test
    void nginxUpgradesWebsocketsAndHoldsLongRequests() {
        Directive http = NginxConf.parse(read(NGINX)).first("http").orElseThrow(() -> new AssertionError("no http block"));

        Directive map = http.all("map").stream()
                .filter(m -> "$http_upgrade".equals(m.arg(0)) && "$connection_upgrade".equals(m.arg(1)))
                .findFirst().orElseThrow(() -> new AssertionError("no map $http_upgrade $connection_upgrade"));
        assertThat(map.all("default")).extracting(d -> d.arg(0)).containsExactly("upgrade");

        List<Directive> upstreams = http.all("upstream");
        assertThat(upstreams).hasSize(1);
        Directive upstream = upstreams.get(0);
        assertThat(upstream.block().stream().map(Directive::name))
                .as("no sticky sessions: every gateway serves every client").doesNotContain("ip_hash", "hash", "sticky");

        Directive ws = location(http, "/ws");
        assertThat(ws.first("proxy_pass").orElseThrow().arg(0)).isEqualTo("http://" + upstream.arg(0));
        assertThat(ws.first("proxy_http_version").orElseThrow().arg(0)).isEqualTo("1.1");
        assertThat(ws.proxyHeaders()).containsEntry("upgrade", "$http_upgrade")
                .containsEntry("connection", "$connection_upgrade");
        long wsTimeout = DeployFiles.nginxSeconds(ws.first("proxy_read_timeout").orElseThrow().arg(0));
        assertThat(wsTimeout).as("websocket read timeout, s").isGreaterThanOrEqualTo(600);

        Directive listen = location(http, "/listen");
        assertThat(listen.first("proxy_pass").orElseThrow().arg(0)).isEqualTo("http://" + upstream.arg(0));
        long pollTimeout = DeployFiles.nginxSeconds(listen.first("proxy_read_timeout").orElseThrow().arg(0));
        assertThat(pollTimeout).as("long poll read timeout, s")
                .isGreaterThanOrEqualTo(Math.max(60, 2 * GatewayConfig.DEFAULT_WAKE_CONNECTIONS_AFTER.toSeconds()));
        assertThat(listen.first("proxy_buffering").map(d -> d.arg(0))).contains("off");

        // proxy_set_header in a location drops the inherited ones: each proxied location needs its own.
        for (Directive loc : http.deep("location")) {
            if (loc.first("proxy_pass").isPresent()) {
                assertThat(loc.proxyHeaders()).as("location %s", loc.args())
                        .containsKeys("host", "x-forwarded-for");
                assertThat(loc.first("proxy_pass").get().arg(0)).isEqualTo("http://" + upstream.arg(0));
            }
        }

        long bodyLimit = DeployFiles.nginxBytes(http.deep("client_max_body_size").get(0).arg(0));
        assertThat(bodyLimit).isGreaterThanOrEqualTo(GatewayConfig.DEFAULT_MAX_BODY_BYTES);
    }

    private static Directive location(Directive http, String path) {
        return http.deep("location").stream()
                .filter(l -> path.equals(l.args().get(l.args().size() - 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no location " + path));
    }

    // ================================================================ docs

    @Test
    void theDeploymentGuideSaysWhatWasNotRun() {
        String docs = read(DOCS);

        assertThat(docs).contains("docker compose").contains("kubectl apply -k deploy/k8s");
        assertThat(docs.toLowerCase(java.util.Locale.ROOT)).contains("not been run");
    }
}
