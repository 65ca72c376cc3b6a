package io.csgate.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.csgate.gateway.testing.EmbeddedKafkaExtension;
import io.csgate.gateway.testing.TestGateway;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs {@code src/test/browser/demo-e2e.mjs} (Node + playwright-core driving Debian's headless
 * Chromium) against two real gateways of one cluster with {@code demo} on: the chat demo over
 * websocket and long polling, its layout before joining and at phone width, readable errors, the
 * admin panel and the API explorer, and last a resume: a page that reaches the gateways through
 * the script's failover proxy loses its gateway (this test stops the first one when the script
 * prints {@value #STOP_REQUEST}, and answers {@code stopped} on its stdin), messages are sent
 * meanwhile, and the page comes back on the second gateway showing them. Skipped when Chromium, Node or the folder's {@code node_modules} are
 * missing, unless {@code CI} is set: then it fails with the install steps. The script's output is
 * kept in {@code target/browser-e2e.log}, screenshots of a failure in
 * {@code target/browser-screenshots/}.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class BrowserEndToEndTest {

    private static final long TIMEOUT_SECONDS = 240;
    static final String STOP_REQUEST = "CSGATE-E2E: stop the first gateway";
    private static final String INSTALL = "apt-get install -y chromium; "
            + "npm ci --prefix gateway/src/test/browser";

    @Test
    void chatAdminAndExplorerWorkInHeadlessChromium() throws Exception {
        Path dir = module().resolve("src/test/browser");
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
        Optional<Path> node = onPath("node");
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(chromium)) {
            missing.add(chromium.toString());
        }
        if (node.isEmpty()) {
            missing.add("node");
        }
        if (!Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
            missing.add(dir.resolve("node_modules/playwright-core").toString());
        }
        if (!missing.isEmpty()) {
            String why = "browser test prerequisites missing: " + missing + " (" + INSTALL + ")";
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }

        Path target = module().resolve("target");
        Path log = target.resolve("browser-e2e.log");
        Files.createDirectories(target);
        Map<String, String> settings = Map.of("admin_user", "e2e-admin", "admin_secret", "e2e-password",
                "cookie_secret", "e2e-cookie-secret", "demo", "true");
        String topic = "browser-" + UUID.randomUUID();
        try (TestGateway second = TestGateway.start(topic, settings);
             StoppableGateway gateway = new StoppableGateway(TestGateway.start(topic, settings))) {
            ProcessBuilder pb = new ProcessBuilder(node.get().toString(), "demo-e2e.mjs", gateway.url(), second.url())
                    .directory(dir.toFile())
                    .redirectErrorStream(true);
            pb.environment().put("CSGATE_SECRET", TestGateway.SECRET);
            pb.environment().put("CSGATE_ADMIN_USER", "e2e-admin");
            pb.environment().put("CSGATE_ADMIN_PASSWORD", "e2e-password");
            pb.environment().put("CHROMIUM_PATH", chromium.toString());
            pb.environment().put("SCREENSHOT_DIR", target.resolve("browser-screenshots").toString());
            Process p = pb.start();
            Thread copier = copyAndObey(p, log, gateway);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                fail("browser test still running after " + TIMEOUT_SECONDS + " s; output:\n" + read(log));
            }
            copier.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(p.exitValue()).as("node demo-e2e.mjs exit code; output:\n" + read(log)).isZero();
        }
    }

    /** The first gateway, which the script may ask to stop; closed once. */
    private static final class StoppableGateway implements AutoCloseable {
        private final TestGateway gateway;
        private boolean closed;

        StoppableGateway(TestGateway gateway) {
            this.gateway = gateway;
        }

        String url() {
            return gateway.url();
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                gateway.close();
            }
        }
    }

    /**
     * Copies the script's output into {@code log}, line by line; on {@link #STOP_REQUEST} stops
     * {@code gateway} and writes {@code stopped} (or {@code failed: …}) to the script's stdin.
     */
    private static Thread copyAndObey(Process p, Path log, StoppableGateway gateway) {
        Thread t = new Thread(() -> {
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
                 var out = Files.newBufferedWriter(log);
                 var toScript = new java.io.PrintWriter(p.getOutputStream(), true,
                         java.nio.charset.StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    if (line.endsWith(STOP_REQUEST)) {
                        String answer = "stopped";
                        try {
                            gateway.close();
                        } catch (RuntimeException e) {
                            answer = "failed: " + e;
                        }
                        toScript.println(answer);
                        out.write("(test) " + answer + " the first gateway");
                        out.newLine();
                    }
                }
            } catch (IOException e) {
                // the script ended; its exit code says how
            }
        }, "browser-e2e-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static Path module() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("src/test/browser")) ? here : here.resolve("gateway");
    }

    private static Optional<Path> onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, program);
            if (!d.isEmpty() && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
