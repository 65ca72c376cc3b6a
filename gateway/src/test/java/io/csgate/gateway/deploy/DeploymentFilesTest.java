package io.csgate.gateway.deploy;

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
 */
class DeploymentFilesTest {

    private static final String COMPOSE = "docker-compose.yml";
    private static final String DOCKERFILE = "deploy/Dockerfile";
    private static final String DOCKERIGNORE = ".dockerignore";
    private static final String NGINX = "deploy/nginx/nginx.conf";
    private static final String PROMETHEUS = "deploy/prometheus/prometheus.yml";
    private static final String PROMETHEUS_K8S = "deploy/prometheus/prometheus-kubernetes.yml";
    private static final String K8S = "deploy/k8s";
    private static final String ENV_EXAMPLE = "deploy/compose/csgate.env.example";
    private static final String DOCS = "docs/deployment.md";
    private static final String GATEWAY_MODULE = "gateway";

    private static final Pattern URL = Pattern.compile("https?://([^/\\s:\"']+):(\\d+)(/[^\\s\"']*)?");

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
            if (!bad.isEmpty()) {
                unknown.put(relative(f), bad);
            }
        }

        assertThat(unknown).as("CHANNELSTREAM_* names that no setting reads (known: %s)", known).isEmpty();
        assertThat(used).as("the files do use settings").contains("CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS",
                "CHANNELSTREAM_SECRET", "CHANNELSTREAM_COOKIE_SECRET", "CHANNELSTREAM_ALLOW_POSTING_FROM");
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

    private static Dockerfile dockerfile() {
        return Dockerfile.parse(read(DOCKERFILE));
    }

    @Test
    void dockerfileBuildsWithMavenAndRunsOnTheJre() {
        Dockerfile d = dockerfile();

        assertThat(d.stages).hasSizeGreaterThanOrEqualTo(2);
        assertThat(d.stages.get(0).base()).isEqualTo("maven:3.9-eclipse-temurin-17");
        assertThat(d.finalStage().base()).isEqualTo("eclipse-temurin:17-jre");
        String build = d.stages.get(0).all("RUN").stream().map(Dockerfile.Instruction::args)
                .filter(r -> r.contains("mvn ")).findFirst().orElseThrow(() -> new AssertionError("no mvn RUN"));
        assertThat(build).contains(" -pl " + GATEWAY_MODULE + " ").contains(" -am ").contains(" package")
                .contains("-DskipTests");
        assertThat(build).as("the build stage takes the shaded jar named in gateway/pom.xml")
                .contains(GATEWAY_MODULE + "/target/" + DeployFiles.shadedJarName(GATEWAY_MODULE));
    }

    @Test
    void dockerfileCopiesEveryPomAndTheSourcesOfTheGatewayAndItsReactorDependencies() {
        Dockerfile.Stage build = dockerfile().stages.get(0);
        Set<String> sources = new LinkedHashSet<>();
        for (Dockerfile.Instruction copy : build.all("COPY")) {
            List<String> ops = copy.operands();
            sources.addAll(ops.subList(0, ops.size() - 1));
        }

        assertThat(sources).contains("pom.xml");
        for (String module : DeployFiles.modules()) {
            assertThat(sources).as("Maven reads every module's pom: COPY %s/pom.xml", module)
                    .containsAnyOf(module + "/pom.xml", module, module + "/");
        }
        Set<String> built = new LinkedHashSet<>(DeployFiles.reactorDependencies(GATEWAY_MODULE));
        built.add(GATEWAY_MODULE);
        for (String module : built) {
            assertThat(sources).as("-pl gateway -am builds %s: COPY its sources", module)
                    .containsAnyOf(module + "/src", module + "/src/", module, module + "/");
        }
    }

    @Test
    void everyCopySourceExistsAndIsInTheBuildContext() throws IOException {
        Dockerfile.Ignore ignore = new Dockerfile.Ignore(read(DOCKERIGNORE));
        List<String> sources = new ArrayList<>();
        for (Dockerfile.Stage s : dockerfile().stages) {
            for (Dockerfile.Instruction copy : s.all("COPY")) {
                if (copy.flag("from").isPresent()) {
                    continue;
                }
                List<String> ops = copy.operands();
                sources.addAll(ops.subList(0, ops.size() - 1));
            }
        }

        assertThat(sources).isNotEmpty();
        for (String src : sources) {
            Path p = file(src);
            assertThat(p).as("COPY source %s", src).exists();
            assertThat(ignore.excludes(src)).as(".dockerignore leaves out COPY source %s", src).isFalse();
            if (Files.isDirectory(p)) {
                // What Maven reads must stay: main sources and resources, test sources and
                // resources (-DskipTests still compiles tests). Other folders under src, such as
                // a browser test's node_modules, are for other tools and may be left out.
                try (Stream<Path> files = Files.walk(p)) {
                    List<String> left = files.filter(Files::isRegularFile).map(DeployFiles::relative)
                            .filter(DeploymentFilesTest::readByMaven)
                            .filter(ignore::excludes).collect(Collectors.toList());
                    assertThat(left).as(".dockerignore leaves out files under %s", src).isEmpty();
                }
            }
        }
    }

    private static boolean readByMaven(String path) {
        return path.endsWith("pom.xml") || path.matches("[^/]+/src/(main|test/java|test/resources)/.*");
    }

    @Test
    void dockerignoreLeavesOutBuildOutputLocalDataAndGit() {
        Dockerfile.Ignore ignore = new Dockerfile.Ignore(read(DOCKERIGNORE));

        assertThat(ignore.excludes("target")).isTrue();
        assertThat(ignore.excludes("gateway/target/csgate-gateway.jar")).isTrue();
        assertThat(ignore.excludes("common/target/classes/x.class")).isTrue();
        assertThat(ignore.excludes("data/gw1/kafka/meta.properties")).isTrue();
        assertThat(ignore.excludes("node_modules/x/index.js")).isTrue();
        assertThat(ignore.excludes("gateway/src/test/browser/node_modules/x/index.js")).isTrue();
        assertThat(ignore.excludes(".git/HEAD")).isTrue();
        assertThat(ignore.excludes("pom.xml")).isFalse();
        assertThat(ignore.excludes("gateway/src/main/java/io/csgate/gateway/Main.java")).isFalse();
    }

    @Test
    void theRuntimeImageRunsTheJarAsANonRootUserWithAnExplicitHeap() {
        Dockerfile d = dockerfile();
        Dockerfile.Stage run = d.finalStage();

        String user = run.last("USER").args().split(":")[0];
        assertThat(user).isNotIn("root", "0");

        Dockerfile.Instruction copyJar = run.all("COPY").stream()
                .filter(c -> c.flag("from").isPresent()).findFirst()
                .orElseThrow(() -> new AssertionError("the runtime stage copies nothing from the build stage"));
        assertThat(copyJar.flag("from").orElseThrow()).isEqualTo(d.stages.get(0).name());
        String jar = copyJar.operands().get(copyJar.operands().size() - 1);
        assertThat(jar).endsWith(".jar");

        String entrypoint = run.last("ENTRYPOINT").commandLine();
        assertThat(entrypoint).as("exec: java is PID 1 and receives SIGTERM").contains("exec java");
        assertThat(entrypoint).contains("$JAVA_OPTS").contains("-jar " + jar);
        assertThat(entrypoint).as("arguments (-i config.ini) reach the gateway").contains("\"$@\"");

        String javaOpts = envOf(run, "JAVA_OPTS");
        assertThat(DeployFiles.xmxBytes(javaOpts)).isPositive();
    }

    @Test
    void theImageExposesTheGatewayPortAndChecksHealthz() {
        Dockerfile.Stage run = dockerfile().finalStage();

        int exposed = Integer.parseInt(run.last("EXPOSE").args().split("[\\s/]")[0]);
        assertThat(exposed).isEqualTo(GatewayConfig.DEFAULT_PORT);
        String health = run.last("HEALTHCHECK").args();
        assertThat(health).contains("/healthz");
        Matcher port = Pattern.compile("\\$\\{CHANNELSTREAM_PORT:-(\\d+)}").matcher(health);
        assertThat(port.find()).as("HEALTHCHECK follows CHANNELSTREAM_PORT: %s", health).isTrue();
        assertThat(Integer.parseInt(port.group(1))).isEqualTo(exposed);
    }

    private static String envOf(Dockerfile.Stage stage, String name) {
        for (Dockerfile.Instruction env : stage.all("ENV")) {
            Matcher m = Pattern.compile("(?:^|\\s)" + name + "=(\"[^\"]*\"|\\S+)").matcher(env.args());
            if (m.find()) {
                String v = m.group(1);
                return v.startsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        throw new AssertionError("no ENV " + name);
    }

    // ================================================================ docker compose

    private static Map<String, Object> compose(Map<String, String> env) {
        return map(DeployFiles.interpolateAll(DeployFiles.yamlMap(file(COMPOSE)), env), COMPOSE);
    }

    private static Map<String, Object> services(Map<String, Object> compose) {
        return map(compose.get("services"), "services");
    }

    /** The services built from deploy/Dockerfile, by name. */
    private static Map<String, Map<String, Object>> gatewayServices(Map<String, Object> compose) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        services(compose).forEach((name, s) -> {
            if (DOCKERFILE.equals(text(at(s, "build", "dockerfile")))) {
                out.put(name, map(s, name));
            }
        });
        return out;
    }

    private static Map<String, Object> serviceWithImage(Map<String, Object> compose, String imagePrefix) {
        return services(compose).values().stream()
                .filter(s -> String.valueOf(at(s, "image")).startsWith(imagePrefix))
                .map(s -> map(s, imagePrefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no service runs " + imagePrefix + "*"));
    }

    private static Map<String, String> channelstreamEnv(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("CHANNELSTREAM_")) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static String healthcheckCommand(Object service) {
        Object test = at(service, "healthcheck", "test");
        if (test == null) {
            throw new AssertionError("no healthcheck.test");
        }
        return test instanceof List<?> l ? l.stream().map(String::valueOf).collect(Collectors.joining(" ")) : text(test);
    }

    static Stream<Arguments> composeEnvironments() {
        return Stream.of(
                Arguments.of("the defaults in the file", Map.of()),
                Arguments.of(ENV_EXAMPLE, DeployFiles.dotenv(file(ENV_EXAMPLE))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("composeEnvironments")
    void composeGatewaysFormOneClusterOnTheComposeKafka(String what, Map<String, String> env) {
        Map<String, Object> compose = compose(env);
        Map<String, Map<String, Object>> gateways = gatewayServices(compose);
        Map<String, Object> kafka = serviceWithImage(compose, "apache/kafka:");
        String kafkaName = services(compose).entrySet().stream().filter(e -> e.getValue() == kafka)
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        Map<String, String> kafkaEnv = DeployFiles.composeEnvironment(kafka.get("environment"));

        assertThat(gateways).as("gateway services built from %s", DOCKERFILE).hasSizeGreaterThanOrEqualTo(2);
        Map<String, GatewayConfig> configs = new TreeMap<>();
        Set<String> hostnames = new TreeSet<>();
        for (var e : gateways.entrySet()) {
            Map<String, String> all = DeployFiles.composeEnvironment(e.getValue().get("environment"));
            Map<String, String> cs = channelstreamEnv(all);
            assertThat(cs).as(e.getKey()).containsKeys("CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS", "CHANNELSTREAM_SECRET",
                    "CHANNELSTREAM_COOKIE_SECRET", "CHANNELSTREAM_ALLOW_POSTING_FROM", "CHANNELSTREAM_TRUSTED_PROXIES");
            GatewayConfig c = ConfigLoader.fromEnvironment(cs);
            configs.put(e.getKey(), c);
            assertThat(c.embeddedKafka()).as("%s must not start an embedded broker", e.getKey()).isFalse();
            assertThat(c.cookieSecretGenerated()).as("%s: cookie_secret set, so it is shared", e.getKey()).isFalse();
            for (String server : c.kafkaBootstrapServers().split(",")) {
                assertThat(server).as("%s bootstraps from the compose broker's advertised listener", e.getKey())
                        .isIn(advertisedAddresses(kafkaEnv));
                assertThat(server.substring(0, server.lastIndexOf(':'))).isEqualTo(kafkaName);
            }
            assertThat(at(e.getValue(), "depends_on", kafkaName, "condition")).isEqualTo("service_healthy");
            assertThat(DeployFiles.xmxBytes(all.getOrDefault("JAVA_OPTS", envOf(dockerfile().finalStage(), "JAVA_OPTS"))))
                    .isPositive();
            // gateway_id: explicit, else <hostname>-<port>; compose's default hostname is the container id.
            hostnames.add(cs.containsKey("CHANNELSTREAM_GATEWAY_ID") ? c.gatewayId()
                    : String.valueOf(e.getValue().getOrDefault("hostname", "container " + e.getKey())));
        }
        assertThat(hostnames).as("gateway ids differ").hasSize(gateways.size());
        assertThat(configs.values().stream().map(c -> List.of(c.secret(), c.adminSecret(), c.cookieSecret(),
                c.kafkaTopic(), c.kafkaSnapshotTopic(), c.kafkaBootstrapServers())).distinct())
                .as("every gateway shares secrets, topics and brokers").hasSize(1);
    }

    private static Set<String> advertisedAddresses(Map<String, String> kafkaEnv) {
        Set<String> out = new TreeSet<>();
        for (String l : kafkaEnv.getOrDefault("KAFKA_ADVERTISED_LISTENERS", "").split(",")) {
            int i = l.indexOf("://");
            if (i > 0) {
                out.add(l.substring(i + 3).strip());
            }
        }
        return out;
    }

    @Test
    void composeKafkaIsASingleKraftNodeOfTheEmbeddedBrokersVersion() {
        Map<String, Object> kafka = serviceWithImage(compose(Map.of()), "apache/kafka:");
        Map<String, String> env = DeployFiles.composeEnvironment(kafka.get("environment"));

        assertThat(text(kafka.get("image"))).as("same Kafka as kafka.version in pom.xml")
                .isEqualTo("apache/kafka:" + DeployFiles.rootProperty("kafka.version"));
        assertThat(env.get("KAFKA_PROCESS_ROLES")).contains("broker").contains("controller");
        assertThat(env).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
        assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).startsWith(env.get("KAFKA_NODE_ID") + "@");
        String clusterId = env.get("CLUSTER_ID");
        assertThat(Uuid.fromString(clusterId).toString()).as("CLUSTER_ID is a canonical Kafka Uuid").isEqualTo(clusterId);

        Set<String> listenerNames = new TreeSet<>();
        for (String l : env.get("KAFKA_LISTENERS").split(",")) {
            listenerNames.add(l.substring(0, l.indexOf("://")));
        }
        Set<String> mapped = new TreeSet<>();
        for (String m : env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(",")) {
            mapped.add(m.substring(0, m.indexOf(':')));
        }
        for (String l : env.get("KAFKA_ADVERTISED_LISTENERS").split(",")) {
            assertThat(listenerNames).contains(l.substring(0, l.indexOf("://")));
        }
        assertThat(listenerNames).contains(env.get("KAFKA_CONTROLLER_LISTENER_NAMES"));
        assertThat(mapped).containsAll(listenerNames);
        assertThat(env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")).isEqualTo("1");
        assertThat(healthcheckCommand(kafka)).contains("9092");
    }

    @Test
    void composePortsAndHealthchecksAgreeWithTheGatewaysNginxAndPrometheus() {
        Map<String, Object> compose = compose(Map.of());
        Map<String, Map<String, Object>> gateways = gatewayServices(compose);
        int exposed = Integer.parseInt(dockerfile().finalStage().last("EXPOSE").args().split("[\\s/]")[0]);

        Map<String, Integer> portOf = new TreeMap<>();
        for (var e : gateways.entrySet()) {
            GatewayConfig c = ConfigLoader.fromEnvironment(
                    channelstreamEnv(DeployFiles.composeEnvironment(e.getValue().get("environment"))));
            portOf.put(e.getKey(), c.port());
            assertThat(c.port()).as("%s port = the image's EXPOSE", e.getKey()).isEqualTo(exposed);
            Matcher url = URL.matcher(healthcheckCommand(e.getValue()));
            assertThat(url.find()).as("%s healthcheck calls a URL", e.getKey()).isTrue();
            assertThat(Integer.parseInt(url.group(2))).as("%s healthcheck port", e.getKey()).isEqualTo(c.port());
            assertThat(url.group(3)).as("%s healthcheck path", e.getKey()).isEqualTo("/readyz");
        }

        // nginx: one upstream server per gateway service, on its port.
        Directive http = NginxConf.parse(read(NGINX)).first("http").orElseThrow();
        Directive upstream = http.all("upstream").get(0);
        Map<String, Integer> upstreamServers = new TreeMap<>();
        for (Directive s : upstream.all("server")) {
            String hostPort = s.arg(0);
            upstreamServers.put(hostPort.substring(0, hostPort.lastIndexOf(':')),
                    Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1)));
        }
        assertThat(upstreamServers).as("nginx upstream servers = gateway services and ports").isEqualTo(portOf);

        // The balancer service publishes nginx's listen port and mounts this nginx.conf.
        Map<String, Object> lb = serviceWithImage(compose, "nginx:");
        int listen = Integer.parseInt(http.deep("listen").get(0).arg(0).replaceAll(".*:", ""));
        List<Integer> containerPorts = new ArrayList<>();
        for (Object p : list(lb.get("ports"), "lb ports")) {
            String s = String.valueOf(p);
            containerPorts.add(Integer.parseInt(s.substring(s.lastIndexOf(':') + 1).replaceAll("/.*", "")));
        }
        assertThat(containerPorts).contains(listen);
        assertThat(list(lb.get("volumes"), "lb volumes")).anySatisfy(v ->
                assertThat(String.valueOf(v)).startsWith("./" + NGINX + ":/etc/nginx/nginx.conf"));

        // Prometheus scrapes every gateway service on its port.
        Set<String> targets = new TreeSet<>();
        for (Object job : list(DeployFiles.yamlMap(file(PROMETHEUS)).get("scrape_configs"), "scrape_configs")) {
            if (!"/metrics".equals(String.valueOf(map(job, "job").getOrDefault("metrics_path", "/metrics")))) {
                continue;
            }
            Object statics = map(job, "job").get("static_configs");
            if (statics != null) {
                for (Object sc : list(statics, "static_configs")) {
                    list(map(sc, "static_config").get("targets"), "targets").forEach(t -> targets.add(String.valueOf(t)));
                }
            }
        }
        Set<String> expected = portOf.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(targets).as("Prometheus targets").containsAll(expected);
    }

    @Test
    void theGatewaysTrustNginxsFixedAddressInsideTheComposeNetwork() throws UnknownHostException {
        for (Map<String, String> env : List.of(Map.<String, String>of(), DeployFiles.dotenv(file(ENV_EXAMPLE)))) {
            Map<String, Object> compose = compose(env);
            Map<String, Object> lb = serviceWithImage(compose, "nginx:");
            String lbAddress = text(at(lb, "networks", "default", "ipv4_address"));
            assertThat(lbAddress).as("nginx has a fixed address").isNotBlank();
            String subnet = text(map(list(at(compose, "networks", "default", "ipam", "config"), "ipam").get(0),
                    "ipam config").get("subnet"));
            assertThat(inSubnet(lbAddress, subnet)).as("%s inside %s", lbAddress, subnet).isTrue();
            for (var g : gatewayServices(compose).entrySet()) {
                GatewayConfig c = ConfigLoader.fromEnvironment(
                        channelstreamEnv(DeployFiles.composeEnvironment(g.getValue().get("environment"))));
                assertThat(c.trustedProxies()).as("%s trusts nginx", g.getKey()).contains(lbAddress);
            }
        }
    }

    private static boolean inSubnet(String address, String cidr) throws UnknownHostException {
        String[] parts = cidr.split("/");
        byte[] a = InetAddress.getByName(address).getAddress();
        byte[] n = InetAddress.getByName(parts[0]).getAddress();
        int bits = Integer.parseInt(parts[1]);
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((a[i / 8] & mask) != (n[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void composeFilesAndVolumesExistAndEveryVariableIsDocumentedInTheEnvExample() {
        Map<String, Object> raw = DeployFiles.yamlMap(file(COMPOSE));
        Map<String, Object> compose = compose(Map.of());
        Set<String> namedVolumes = compose.get("volumes") == null ? Set.of() : map(compose.get("volumes"), "volumes").keySet();

        services(compose).forEach((name, s) -> {
            Object build = at(s, "build");
            if (build != null) {
                Path context = file(String.valueOf(at(build, "context")));
                assertThat(context).as("%s build context", name).isDirectory();
                assertThat(context.resolve(String.valueOf(at(build, "dockerfile")))).as("%s dockerfile", name).exists();
            }
            Object volumes = at(s, "volumes");
            if (volumes != null) {
                for (Object v : list(volumes, name + " volumes")) {
                    String source = String.valueOf(v).split(":")[0];
                    if (source.startsWith(".") || source.startsWith("/")) {
                        assertThat(file(source)).as("%s mounts %s", name, source).exists();
                    } else {
                        assertThat(namedVolumes).as("%s uses volume %s", name, source).contains(source);
                    }
                }
            }
        });
        assertThat(services(compose).keySet()).as("depends_on names services").containsAll(
                services(compose).values().stream().map(s -> at(s, "depends_on")).filter(d -> d != null)
                        .flatMap(d -> d instanceof Map<?, ?> m ? m.keySet().stream().map(String::valueOf)
                                : list(d, "depends_on").stream().map(String::valueOf))
                        .collect(Collectors.toSet()));

        Set<String> documented = DeployFiles.dotenv(file(ENV_EXAMPLE)).keySet();
        assertThat(documented).as("%s documents every variable of %s", ENV_EXAMPLE, COMPOSE)
                .containsAll(DeployFiles.variablesIn(read(COMPOSE)));
        assertThat(raw).containsKey("services");
    }

    @Test
    void placeholderSecretsAreMarkedAsSuch() {
        Map<String, String> example = DeployFiles.dotenv(file(ENV_EXAMPLE));
        assertThat(example.get("CSGATE_SECRET")).contains("REPLACE_ME");
        assertThat(example.get("CSGATE_COOKIE_SECRET")).contains("REPLACE_ME");
        assertThat(example.get("CSGATE_ADMIN_SECRET")).contains("REPLACE_ME");

        Map<String, String> secret = k8sEnv("Secret");
        assertThat(secret).isNotEmpty();
        assertThat(secret.values()).allSatisfy(v -> assertThat(v).contains("REPLACE_ME"));
    }

    // ================================================================ Kubernetes

    /** Every manifest under deploy/k8s (the kustomization excepted), in file order. */
    private static List<Map<String, Object>> manifests() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Path f : DeployFiles.filesUnder(K8S, ".yaml", ".yml")) {
            if (f.getFileName().toString().startsWith("kustomization.")) {
                continue;
            }
            for (Object d : DeployFiles.yamlDocuments(f)) {
                out.add(map(d, relative(f)));
            }
        }
        return out;
    }

    private static List<Map<String, Object>> manifests(String kind) {
        return manifests().stream().filter(m -> kind.equals(m.get("kind"))).collect(Collectors.toList());
    }

    private static Map<String, Object> only(String kind) {
        List<Map<String, Object>> l = manifests(kind);
        assertThat(l).as("one %s", kind).hasSize(1);
        return l.get(0);
    }

    private static Map<String, Object> gatewayContainer() {
        List<Object> containers = list(at(only("Deployment"), "spec", "template", "spec", "containers"), "containers");
        return map(containers.get(0), "container");
    }

    /** The string data of a ConfigMap or Secret ({@code data} of a Secret is base64). */
    private static Map<String, String> k8sEnv(String kind) {
        Map<String, String> env = new TreeMap<>();
        for (Map<String, Object> m : manifests(kind)) {
            Object data = m.get("data");
            if (data != null) {
                map(data, kind + " data").forEach((k, v) -> env.put(k, kind.equals("Secret")
                        ? new String(java.util.Base64.getDecoder().decode(String.valueOf(v)),
                                java.nio.charset.StandardCharsets.UTF_8)
                        : String.valueOf(v)));
            }
            Object stringData = m.get("stringData");
            if (stringData != null) {
                map(stringData, kind + " stringData").forEach((k, v) -> env.put(k, String.valueOf(v)));
            }
        }
        return env;
    }

    /** The CHANNELSTREAM_* environment of a gateway pod: ConfigMap and Secret (envFrom), then env. */
    private static Map<String, String> podChannelstreamEnv() {
        Map<String, Object> container = gatewayContainer();
        Map<String, String> env = new TreeMap<>();
        for (Object from : list(container.get("envFrom"), "envFrom")) {
            String cm = text(at(from, "configMapRef", "name"));
            String sec = text(at(from, "secretRef", "name"));
            String kind = cm != null ? "ConfigMap" : "Secret";
            String name = cm != null ? cm : sec;
            Map<String, Object> target = manifests(kind).stream()
                    .filter(m -> name.equals(at(m, "metadata", "name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("envFrom names a missing " + kind + " " + name));
            assertThat(target).isNotNull();
            env.putAll(k8sEnv(kind));
        }
        Object plain = container.get("env");
        if (plain != null) {
            for (Object e : list(plain, "env")) {
                Object value = map(e, "env").get("value");
                if (value != null) {
                    env.put(text(map(e, "env").get("name")), String.valueOf(value));
                }
            }
        }
        return channelstreamEnv(env);
    }

    @Test
    void everyManifestIsNamedNamespacedAndListedInTheKustomization() {
        List<Map<String, Object>> all = manifests();
        Set<String> kinds = all.stream().map(m -> text(m.get("kind"))).collect(Collectors.toSet());

        assertThat(kinds).contains("ConfigMap", "Secret", "Deployment", "Service", "PodDisruptionBudget");
        String namespace = text(at(only("Deployment"), "metadata", "namespace"));
        assertThat(all).allSatisfy(m -> {
            assertThat(m).containsKeys("apiVersion", "kind");
            assertThat(text(at(m, "metadata", "name"))).isNotBlank();
            if (!"Namespace".equals(m.get("kind"))) {
                assertThat(text(at(m, "metadata", "namespace"))).as("%s", m.get("kind")).isEqualTo(namespace);
            }
        });

        Map<String, Object> kustomization = DeployFiles.yamlMap(file(K8S + "/kustomization.yaml"));
        Set<String> listed = list(kustomization.get("resources"), "resources").stream().map(String::valueOf)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> present = DeployFiles.filesUnder(K8S, ".yaml", ".yml").stream()
                .map(f -> f.getFileName().toString()).filter(n -> !n.startsWith("kustomization."))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(listed).as("kustomization resources = the manifests in %s", K8S).isEqualTo(present);
        assertThat(text(kustomization.get("namespace"))).isEqualTo(namespace);
    }

    @Test
    void podSettingsAreValidAndMakeAClusterMember() {
        Map<String, String> env = podChannelstreamEnv();

        assertThat(env).containsKeys("CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS", "CHANNELSTREAM_ALLOW_POSTING_FROM");
        GatewayConfig c = ConfigLoader.fromEnvironment(env);
        assertThat(c.embeddedKafka()).as("a pod must never start an embedded broker").isFalse();
        assertThat(c.cookieSecretGenerated()).as("cookie_secret is shared by the pods").isFalse();
        assertThat(c.gatewayId()).as("left to <pod name>-<port>").isNotBlank();

        Set<String> secrets = DeployFiles.secretVariables();
        assertThat(secrets).contains("CHANNELSTREAM_SECRET", "CHANNELSTREAM_COOKIE_SECRET");
        assertThat(k8sEnv("Secret").keySet()).as("the Secret holds every secret setting").containsAll(secrets);
        assertThat(k8sEnv("ConfigMap").keySet()).as("no secret in the ConfigMap").doesNotContainAnyElementsOf(secrets);
    }

    @Test
    void k8sPortsAndProbesAgree() {
        Map<String, Object> deployment = only("Deployment");
        Map<String, Object> container = gatewayContainer();
        int configured = ConfigLoader.fromEnvironment(podChannelstreamEnv()).port();

        Map<String, Integer> named = new HashMap<>();
        for (Object p : list(container.get("ports"), "ports")) {
            Object name = map(p, "port").get("name");
            if (name != null) {
                named.put(String.valueOf(name), (Integer) map(p, "port").get("containerPort"));
            }
        }
        assertThat(named.values()).as("containerPort = the configured port").containsExactly(configured);

        Map<String, String> probePaths = new LinkedHashMap<>();
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            Object get = at(container, probe, "httpGet");
            if (get == null) {
                assertThat(probe).as("liveness and readiness probes are httpGet").isEqualTo("startupProbe");
                continue;
            }
            assertThat(resolvePort(at(get, "port"), named)).as("%s port", probe).isEqualTo(configured);
            probePaths.put(probe, text(at(get, "path")));
        }
        assertThat(probePaths).containsEntry("livenessProbe", "/healthz").containsEntry("readinessProbe", "/readyz");
        if (probePaths.containsKey("startupProbe")) {
            assertThat(probePaths).containsEntry("startupProbe", "/healthz");
        }

        Map<String, Object> service = only("Service");
        for (Object p : list(at(service, "spec", "ports"), "service ports")) {
            assertThat(resolvePort(map(p, "port").get("targetPort"), named)).as("Service targetPort").isEqualTo(configured);
        }
        Object annotation = at(deployment, "spec", "template", "metadata", "annotations", "prometheus.io/port");
        if (annotation != null) {
            assertThat(Integer.parseInt(String.valueOf(annotation))).isEqualTo(configured);
        }
    }

    private static int resolvePort(Object port, Map<String, Integer> named) {
        if (port instanceof Integer i) {
            return i;
        }
        Integer p = named.get(String.valueOf(port));
        if (p == null) {
            throw new AssertionError("port name " + port + " is not a container port (" + named.keySet() + ")");
        }
        return p;
    }

    @Test
    void deploymentRunsThreeNonRootReplicasThatDrainOnSigterm() {
        Map<String, Object> deployment = only("Deployment");
        Map<String, Object> podSpec = map(at(deployment, "spec", "template", "spec"), "pod spec");
        Map<String, Object> container = gatewayContainer();

        assertThat(at(deployment, "spec", "replicas")).isEqualTo(3);
        Map<String, Object> podLabels = map(at(deployment, "spec", "template", "metadata", "labels"), "pod labels");
        assertThat(podLabels).containsAllEntriesOf(map(at(deployment, "spec", "selector", "matchLabels"), "selector"));
        assertThat(podLabels).as("Service selects the pods")
                .containsAllEntriesOf(map(at(only("Service"), "spec", "selector"), "service selector"));
        assertThat(podLabels).as("PodDisruptionBudget selects the pods")
                .containsAllEntriesOf(map(at(only("PodDisruptionBudget"), "spec", "selector", "matchLabels"), "pdb"));
        assertThat(at(only("Service"), "spec", "sessionAffinity")).as("no sticky sessions").isIn(null, "None");

        // SIGTERM after preStop; the grace period covers both with room for the gateway's shutdown.
        String preStop = String.valueOf(at(container, "lifecycle", "preStop"));
        Matcher sleep = Pattern.compile("sleep\\D*(\\d+)").matcher(preStop);
        assertThat(sleep.find()).as("preStop waits: %s", preStop).isTrue();
        int grace = (Integer) podSpec.getOrDefault("terminationGracePeriodSeconds", 30);
        assertThat(grace).isGreaterThanOrEqualTo(Integer.parseInt(sleep.group(1)) + 10);

        // Non-root, as the image's user.
        assertThat(at(podSpec, "securityContext", "runAsNonRoot")).isEqualTo(true);
        String imageUser = dockerfile().finalStage().last("USER").args().split(":")[0];
        assertThat(String.valueOf(at(podSpec, "securityContext", "runAsUser"))).isEqualTo(imageUser);

        // Resources, with the heap well inside the memory limit.
        String limit = text(at(container, "resources", "limits", "memory"));
        assertThat(limit).as("memory limit").isNotNull();
        assertThat(at(container, "resources", "requests", "cpu")).isNotNull();
        String javaOpts = list(container.get("env"), "env").stream().map(e -> map(e, "env"))
                .filter(e -> "JAVA_OPTS".equals(e.get("name"))).map(e -> text(e.get("value"))).findFirst()
                .orElseGet(() -> envOf(dockerfile().finalStage(), "JAVA_OPTS"));
        assertThat(DeployFiles.xmxBytes(javaOpts)).isLessThanOrEqualTo(DeployFiles.kubernetesBytes(limit) * 3 / 4);

        // Service links would inject <SERVICE>_PORT variables: a Service named channelstream...
        // would set CHANNELSTREAM_PORT.
        boolean links = !Boolean.FALSE.equals(podSpec.get("enableServiceLinks"));
        if (links) {
            for (Map<String, Object> s : manifests("Service")) {
                String prefix = text(at(s, "metadata", "name")).toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_";
                assertThat(prefix).as("service link variables of %s", prefix).doesNotStartWith("CHANNELSTREAM_");
            }
        }
    }

    @Test
    void kubernetesPrometheusJobFindsTheGatewayPods() {
        Map<String, Object> podLabels = map(at(only("Deployment"), "spec", "template", "metadata", "labels"), "labels");
        String portName = text(map(list(gatewayContainer().get("ports"), "ports").get(0), "port").get("name"));
        String namespace = text(at(only("Deployment"), "metadata", "namespace"));

        Map<String, Object> job = map(list(DeployFiles.yamlMap(file(PROMETHEUS_K8S)).get("scrape_configs"), "jobs").get(0), "job");
        assertThat(job.getOrDefault("metrics_path", "/metrics")).isEqualTo("/metrics");
        Object sd = list(job.get("kubernetes_sd_configs"), "kubernetes_sd_configs").get(0);
        assertThat(at(sd, "role")).isEqualTo("pod");
        assertThat(list(at(sd, "namespaces", "names"), "namespaces")).contains(namespace);
        Map<String, String> keeps = new HashMap<>();
        for (Object r : list(job.get("relabel_configs"), "relabel_configs")) {
            Map<String, Object> rule = map(r, "rule");
            if ("keep".equals(rule.get("action"))) {
                keeps.put(String.valueOf(list(rule.get("source_labels"), "source_labels").get(0)), text(rule.get("regex")));
            }
        }
        assertThat(keeps).containsEntry("__meta_kubernetes_pod_container_port_name", portName);
        String name = text(podLabels.get("app.kubernetes.io/name"));
        assertThat(keeps).containsEntry("__meta_kubernetes_pod_label_app_kubernetes_io_name", name);
    }

    // ================================================================ example config files

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
