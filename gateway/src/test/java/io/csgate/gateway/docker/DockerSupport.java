package io.csgate.gateway.docker;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * What the Docker tests ({@code *IT}, run by failsafe in {@code mvn verify}) share: whether they
 * run, the images they use, and publishing ports on the loopback address only.
 *
 * <p>Without a Docker engine they are skipped, unless Docker is required: CI sets
 * {@code CSGATE_REQUIRE_DOCKER=1} (or {@code -Dcsgate.docker.required=true}), and there a missing
 * engine fails them instead, so a CI run can never pass with these tests skipped.
 *
 * <p>Ryuk, Testcontainers' reaper, is an image from a registry; the build turns it off
 * ({@code TESTCONTAINERS_RYUK_DISABLED}) and every test stops what it starts itself.
 */
final class DockerSupport {

    static final String GATEWAY_IMAGE = "csgate-gateway:local";
    private static final long BUILD_TIMEOUT_MINUTES = 30;
    private static boolean built;

    private DockerSupport() {}

    static boolean required() {
        return "1".equals(System.getenv("CSGATE_REQUIRE_DOCKER"))
                || Boolean.getBoolean("csgate.docker.required");
    }

    /** Skips the calling test class where no Docker engine answers, or fails it where one is required. */
    static void assumeDocker() {
        boolean available = DockerClientFactory.instance().isDockerAvailable();
        if (!available && required()) {
            throw new AssertionError("a Docker engine is required (CSGATE_REQUIRE_DOCKER=1 or "
                    + "-Dcsgate.docker.required=true) but none answers");
        }
        Assumptions.assumeTrue(available, "no Docker engine: the Docker tests are skipped");
    }

    /** The Kafka image of docker-compose.yml (apache/kafka at the pom's kafka.version). */
    static String kafkaImage() {
        String image = System.getProperty("csgate.kafka.image");
        if (image == null || image.isBlank()) {
            throw new AssertionError("csgate.kafka.image is not set (the failsafe configuration sets it)");
        }
        return image;
    }

    static Path repositoryRoot() {
        String configured = System.getProperty("csgate.repository.root");
        Path start = configured != null ? Paths.get(configured) : Paths.get("").toAbsolutePath();
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("deploy/Dockerfile"))) {
                return p;
            }
        }
        throw new AssertionError("no deploy/Dockerfile above " + start);
    }

    /**
     * The gateway image, built from deploy/Dockerfile once per test run, as a user builds it
     * ({@code docker build -f deploy/Dockerfile -t csgate-gateway:local .}): the tests run the
     * image of the sources under test, never a stale one. Docker's layer cache makes a rebuild
     * of unchanged sources take seconds.
     */
    static synchronized String gatewayImage() {
        if (built) {
            return GATEWAY_IMAGE;
        }
        Path root = repositoryRoot();
        Path log = root.resolve("gateway/target/docker-build-gateway.log");
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder("docker", "build", "-f", "deploy/Dockerfile", "-t", GATEWAY_IMAGE, ".")
                    .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("docker build did not finish within " + BUILD_TIMEOUT_MINUTES
                        + " minutes; see " + log);
            }
            if (p.exitValue() != 0) {
                List<String> lines = Files.readAllLines(log);
                throw new AssertionError("docker build of deploy/Dockerfile failed (" + log + "):\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run docker build (is the docker CLI installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        built = true;
        return GATEWAY_IMAGE;
    }

    /**
     * Publishes the container's exposed ports on 127.0.0.1 only (random host ports), instead of
     * Testcontainers' default of every interface.
     */
    static <T extends GenericContainer<?>> T loopbackOnly(T container) {
        container.withCreateContainerCmdModifier(cmd -> {
            List<PortBinding> bindings = new ArrayList<>();
            for (ExposedPort port : cmd.getExposedPorts()) {
                bindings.add(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), port));
            }
            cmd.getHostConfig().withPublishAllPorts(false).withPortBindings(bindings);
        });
        return container;
    }
}
