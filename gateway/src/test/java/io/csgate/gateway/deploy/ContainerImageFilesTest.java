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

/** deploy/Dockerfile and .dockerignore: the image builds what the gateway needs and runs it safely. */
class ContainerImageFilesTest {

    // ================================================================ every file
    static Dockerfile dockerfile() {
        return Dockerfile.parse(read(DOCKERFILE));
    }

    @Test
    void dockerfileBuildsWithMavenAndRunsOnAJlinkedRuntime() {
        Dockerfile d = dockerfile();
        Dockerfile.Stage buildStage = d.stages.get(0);
        Dockerfile.Stage run = d.finalStage();

        assertThat(d.stages).hasSizeGreaterThanOrEqualTo(2);
        assertThat(buildStage.base()).isEqualTo("maven:3.9-eclipse-temurin-17");
        assertThat(run.base()).isEqualTo("debian:bookworm-slim");
        List<String> runs = buildStage.all("RUN").stream().map(Dockerfile.Instruction::args).collect(Collectors.toList());
        String build = runs.stream().filter(r -> r.contains("mvn ") && r.contains("/target/")).findFirst()
                .orElseThrow(() -> new AssertionError("no mvn RUN that takes the jar"));
        assertThat(build).contains(" -pl " + GATEWAY_MODULE + " ").contains(" -am ").contains(" package")
                .contains("-Dmaven.test.skip=true");
        assertThat(build).as("the build stage takes the shaded jar named in gateway/pom.xml")
                .contains(GATEWAY_MODULE + "/target/" + DeployFiles.shadedJarName(GATEWAY_MODULE));

        // The Java runtime is jlink'ed in the build stage and copied to JAVA_HOME, first on the PATH.
        String jlink = runs.stream().filter(r -> r.contains("jlink ")).findFirst()
                .orElseThrow(() -> new AssertionError("no jlink in the build stage"));
        Matcher output = Pattern.compile("--output\\s+(\\S+)").matcher(jlink);
        assertThat(output.find()).as("jlink --output").isTrue();
        String javaHome = envOf(run, "JAVA_HOME");
        assertThat(run.all("COPY")).as("COPY --from=%s %s %s", buildStage.name(), output.group(1), javaHome)
                .anySatisfy(c -> {
                    assertThat(c.flag("from")).contains(buildStage.name());
                    assertThat(c.operands()).containsExactly(output.group(1), javaHome);
                });
        assertThat(envOf(run, "PATH")).startsWith(javaHome + "/bin:");
        assertThat(run.all("RUN")).as("the runtime stage installs no packages (size)")
                .noneSatisfy(r -> assertThat(r.args()).contains("apt-get install"));
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
                    .containsAnyOf(module + "/src/main", module + "/src", module + "/src/", module, module + "/");
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
                            .filter(ContainerImageFilesTest::readByMaven)
                            .filter(ignore::excludes).collect(Collectors.toList());
                    assertThat(left).as(".dockerignore leaves out files under %s", src).isEmpty();
                }
            }
        }
    }

    static boolean readByMaven(String path) {
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
    void theRuntimeImageRunsTheJarAsANonRootUserWithAHeapSizedFromTheContainer() {
        Dockerfile d = dockerfile();
        Dockerfile.Stage run = d.finalStage();

        String user = run.last("USER").args().split(":")[0];
        assertThat(user).isNotIn("root", "0");

        Dockerfile.Instruction copyJar = run.all("COPY").stream()
                .filter(c -> c.flag("from").isPresent() && c.operands().get(c.operands().size() - 1).endsWith(".jar"))
                .findFirst().orElseThrow(() -> new AssertionError("the runtime stage copies no jar from the build stage"));
        assertThat(copyJar.flag("from").orElseThrow()).isEqualTo(d.stages.get(0).name());
        String jar = copyJar.operands().get(copyJar.operands().size() - 1);

        String entrypoint = run.last("ENTRYPOINT").commandLine();
        assertThat(entrypoint).as("exec: java is PID 1 and receives SIGTERM").contains("exec java");
        assertThat(entrypoint).contains("$JAVA_OPTS").contains("-jar " + jar);
        assertThat(entrypoint).as("arguments (-i config.ini) reach the gateway").contains("\"$@\"");

        String javaOpts = envOf(run, "JAVA_OPTS");
        assertThat(DeployFiles.maxRamPercentage(javaOpts)).as("heap share of the container's memory, %%")
                .isGreaterThan(0).isLessThanOrEqualTo(75);
        assertThat(javaOpts).as("-Xmx would override the percentage").doesNotContain("-Xmx");
        assertThat(javaOpts).contains("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void theImageExposesTheGatewayPortAndItsHealthcheckIsReadinessWithoutAnHttpClient() {
        Dockerfile.Stage run = dockerfile().finalStage();

        int exposed = Integer.parseInt(run.last("EXPOSE").args().split("[\\s/]")[0]);
        assertThat(exposed).isEqualTo(GatewayConfig.DEFAULT_PORT);
        String health = run.last("HEALTHCHECK").args();
        assertThat(health).contains("/readyz");
        Matcher port = Pattern.compile("\\$\\{CHANNELSTREAM_PORT:-(\\d+)}").matcher(health);
        assertThat(port.find()).as("HEALTHCHECK follows CHANNELSTREAM_PORT: %s", health).isTrue();
        assertThat(Integer.parseInt(port.group(1))).isEqualTo(exposed);

        // The program it runs is a script of this repository, copied onto the PATH.
        String program = health.replaceFirst("(?s).*\\bCMD\\s+", "").split("\\s+")[0];
        Dockerfile.Instruction copy = run.all("COPY").stream()
                .filter(c -> c.flag("from").isEmpty() && c.operands().get(c.operands().size() - 1).endsWith("/" + program))
                .findFirst().orElseThrow(() -> new AssertionError("the image does not COPY " + program));
        String target = copy.operands().get(1);
        assertThat(envOf(run, "PATH").split(":")).contains(target.substring(0, target.lastIndexOf('/')));
        Path script = file(copy.operands().get(0));
        assertThat(Files.isExecutable(script)).as("%s is executable", script).isTrue();
        assertThat(read(script)).startsWith("#!/bin/bash").doesNotContain("curl ").doesNotContain("wget ");
    }

    @Test
    void everyPinnedImageHasALocalStandInRecipe() {
        String script = read("deploy/images/make-standins");
        String recipes = script.substring(script.indexOf("make_standin() {"));
        recipes = recipes.substring(0, recipes.indexOf("\n}\n"));
        List<Pattern> patterns = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s+([a-z0-9./-]+:[^)\\s]*)\\)\\s*$").matcher(recipes);
        while (m.find()) {
            patterns.add(Pattern.compile(Pattern.quote(m.group(1)).replace("*", "\\E.*\\Q")));
        }
        assertThat(patterns).as("recipes in make-standins").hasSizeGreaterThanOrEqualTo(4);

        Set<String> pinned = new TreeSet<>();
        dockerfile().stages.forEach(s -> pinned.add(s.base()));
        Map<String, Object> services = map(DeployFiles.yamlMap(file(COMPOSE)).get("services"), "services");
        services.values().forEach(s -> {
            Object image = at(s, "image");
            if (image != null && at(s, "build") == null) {
                pinned.add(String.valueOf(image));
            }
        });
        assertThat(pinned).contains("apache/kafka:" + DeployFiles.rootProperty("kafka.version"));
        for (String image : pinned) {
            assertThat(patterns).as("a stand-in recipe for %s", image).anySatisfy(p -> assertThat(image).matches(p));
        }
    }

    static String envOf(Dockerfile.Stage stage, String name) {
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
}
