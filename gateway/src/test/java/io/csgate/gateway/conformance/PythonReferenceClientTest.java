package io.csgate.gateway.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real third-party client: Python with itsdangerous, requests and websocket-client (Debian's
 * packages) connects, opens a websocket, publishes and receives, as a Channelstream user's
 * backend and browser would. Skipped where the packages are missing, except under CI ({@code CI}
 * set), where their absence fails the test: {@code .ci/run} installs them.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class PythonReferenceClientTest {

    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void aPythonBackendAndWebsocketClientWorkUnchanged() throws Exception {
        boolean available = new File(PYTHON).canExecute() && run(PYTHON, "-c",
                "import itsdangerous, requests, websocket").exitValue() == 0;
        if (System.getenv("CI") == null) {
            assumeTrue(available, PYTHON + " with itsdangerous, requests and websocket-client is needed "
                    + "(apt-get install python3-itsdangerous python3-requests python3-websocket)");
        } else {
            assertThat(available).as("CI must install the Python client stack (.ci/run)").isTrue();
        }
        try (TestGateway gateway = TestGateway.start()) {
            Path script = Path.of("src/test/python/reference_client.py").toAbsolutePath();
            Process p = run(PYTHON, script.toString(), gateway.url(), TestGateway.SECRET);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("\"ok\": true").contains("from python");
        }
    }

    private static Process run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        return p;
    }
}
