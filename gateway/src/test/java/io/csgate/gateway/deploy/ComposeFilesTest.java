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

/** docker-compose.yml: one cluster of gateways on the compose Kafka, behind nginx, scraped by Prometheus. */
class ComposeFilesTest {

    // ================================================================ every file
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

    static Map<String, String> channelstreamEnv(Map<String, String> env) {
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
            // The heap is bounded: an explicit -Xmx, or the image's share of a memory limit.
            String javaOpts = all.getOrDefault("JAVA_OPTS",
                    ContainerImageFilesTest.envOf(ContainerImageFilesTest.dockerfile().finalStage(), "JAVA_OPTS"));
            if (javaOpts.contains("-Xmx")) {
                assertThat(DeployFiles.xmxBytes(javaOpts)).isPositive();
            } else {
                assertThat(DeployFiles.maxRamPercentage(javaOpts)).isPositive();
                assertThat(text(e.getValue().get("mem_limit"))).as("%s mem_limit (the heap is a share of it)", e.getKey())
                        .matches("\\d+[kmg]?");
            }
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
        int exposed = Integer.parseInt(ContainerImageFilesTest.dockerfile().finalStage().last("EXPOSE").args().split("[\\s/]")[0]);

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

    @ParameterizedTest(name = "{0}")
    @MethodSource("composeEnvironments")
    void everyPortIsPublishedOnTheLoopbackAddressOnly(String what, Map<String, String> env) {
        Map<String, Object> compose = compose(env);
        List<String> published = new ArrayList<>();
        services(compose).forEach((name, s) -> {
            Object ports = at(s, "ports");
            if (ports != null) {
                for (Object p : list(ports, name + " ports")) {
                    String[] parts = String.valueOf(p).split(":");
                    assertThat(parts).as("%s publishes %s as ADDRESS:HOST_PORT:CONTAINER_PORT", name, p).hasSize(3);
                    assertThat(parts[0]).as("%s publishes %s", name, p).isEqualTo("127.0.0.1");
                    published.add(name + " " + p);
                }
            }
        });
        assertThat(published).as("nginx, Kafka's HOST listener and Prometheus").hasSize(3);

        // Kafka's HOST listener advertises the port it is published on.
        Map<String, Object> kafka = serviceWithImage(compose, "apache/kafka:");
        String hostPort = String.valueOf(list(kafka.get("ports"), "kafka ports").get(0)).split(":")[1];
        assertThat(advertisedAddresses(DeployFiles.composeEnvironment(kafka.get("environment"))))
                .contains("localhost:" + hostPort);
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
}
