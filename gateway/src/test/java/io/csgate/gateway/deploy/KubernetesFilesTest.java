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

/** deploy/k8s: manifests, probes, ports and the pod settings agree with the gateway. */
class KubernetesFilesTest {

    // ================================================================ every file
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
    static Map<String, String> k8sEnv(String kind) {
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
        return ComposeFilesTest.channelstreamEnv(env);
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
        String imageUser = ContainerImageFilesTest.dockerfile().finalStage().last("USER").args().split(":")[0];
        assertThat(String.valueOf(at(podSpec, "securityContext", "runAsUser"))).isEqualTo(imageUser);

        // Resources, with the heap well inside the memory limit.
        String limit = text(at(container, "resources", "limits", "memory"));
        assertThat(limit).as("memory limit").isNotNull();
        assertThat(at(container, "resources", "requests", "cpu")).isNotNull();
        String javaOpts = list(container.get("env"), "env").stream().map(e -> map(e, "env"))
                .filter(e -> "JAVA_OPTS".equals(e.get("name"))).map(e -> text(e.get("value"))).findFirst()
                .orElseGet(() -> ContainerImageFilesTest.envOf(ContainerImageFilesTest.dockerfile().finalStage(), "JAVA_OPTS"));
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

    @Test
    void theKafkaClientSecretIsMountedWhereTheConfigMapNamesItAndIsUsable(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Matcher named = Pattern.compile("#\\s*CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES:\\s*\"([^\"]+)\"")
                .matcher(read(file(K8S + "/configmap.yaml")));
        assertThat(named.find()).as("configmap.yaml shows CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES").isTrue();
        Path properties = Path.of(named.group(1));

        Map<String, Object> secret = manifests("Secret").stream()
                .filter(m -> "csgate-kafka-client".equals(at(m, "metadata", "name"))).findFirst().orElseThrow();
        Map<String, Object> pod = map(at(only("Deployment"), "spec", "template", "spec"), "pod spec");
        String volume = list(pod.get("volumes"), "volumes").stream().map(v -> map(v, "volume"))
                .filter(v -> "csgate-kafka-client".equals(at(v, "secret", "secretName")))
                .map(v -> text(v.get("name"))).findFirst().orElseThrow(() -> new AssertionError("no volume of the Secret"));
        String mountPath = list(gatewayContainer().get("volumeMounts"), "volumeMounts").stream()
                .map(m -> map(m, "mount")).filter(m -> volume.equals(m.get("name")))
                .map(m -> text(m.get("mountPath"))).findFirst().orElseThrow();
        assertThat(Path.of(mountPath)).isEqualTo(properties.getParent());
        String content = String.valueOf(map(secret.get("stringData"), "stringData").get(properties.getFileName().toString()));

        Path local = Files.writeString(dir.resolve("client.properties"), content);
        Map<String, String> env = new HashMap<>(podChannelstreamEnv());
        env.put("CHANNELSTREAM_KAFKA_CLIENT_PROPERTIES", local.toString());
        GatewayConfig c = ConfigLoader.fromEnvironment(env);
        assertThat(c.kafkaClient().value("security.protocol")).isPresent();
        assertThat(c.describe()).doesNotContain("REPLACE_ME");
    }

    // ================================================================ example config files
}
