package io.csgate.common.sign;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code /usr/bin/python3} (not a pyenv shim, which lacks the Debian packages) with
 * a bounded wait. Output goes to temporary files, so a chatty child can never block on a pipe.
 */
final class SystemPython {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final long TIMEOUT_SECONDS = 30;

    record Result(int exitCode, String stdout, String stderr) {}

    private SystemPython() {}

    /** Why the itsdangerous cross-checks cannot run here, or empty when they can. */
    static Optional<String> itsdangerousMissing() {
        if (!Files.isExecutable(PYTHON)) {
            return Optional.of(PYTHON + " not found; install python3-itsdangerous to run this cross-check");
        }
        try {
            Result r = run("import itsdangerous", "");
            return r.exitCode() == 0 ? Optional.empty()
                    : Optional.of("itsdangerous is not importable by " + PYTHON
                            + " (apt-get install -y python3-itsdangerous): " + r.stderr().strip());
        } catch (IOException e) {
            return Optional.of("cannot run " + PYTHON + ": " + e.getMessage());
        }
    }

    /** Runs {@code python3 -c script args...} with UTF-8 {@code stdin}; fails after {@link #TIMEOUT_SECONDS}. */
    static Result run(String script, String stdin, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-c", script));
        command.addAll(List.of(args));
        File out = File.createTempFile("python-out", ".txt");
        File err = File.createTempFile("python-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
            pb.environment().put("PYTHONIOENCODING", "utf-8");
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(PYTHON + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + PYTHON, e);
        } finally {
            Files.deleteIfExists(out.toPath());
            Files.deleteIfExists(err.toPath());
        }
    }
}
