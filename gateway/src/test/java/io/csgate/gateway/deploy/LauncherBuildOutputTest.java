package io.csgate.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The launchers' first build writes plain text to a log: no colour codes. Each launcher is copied
 * into an empty folder (so its jar is missing and it builds), with a {@code mvn} on the PATH that
 * runs the real Maven with the launcher's environment and output flags ({@code -q}, {@code -B},
 * {@code -D...}) but {@code -v} instead of the build. Maven 3.8 writes colour resets there unless
 * the launcher stops it.
 */
class LauncherBuildOutputTest {

    @ParameterizedTest
    @ValueSource(strings = {"channelstream", "ingest-cli/ingest", "bench/bench"})
    void firstBuildPrintsNoEscapeCodes(String launcher, @TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("repo");
        Path copy = root.resolve(launcher);
        Files.createDirectories(copy.getParent());
        Files.copy(DeployFiles.file(launcher), copy);
        copy.toFile().setExecutable(true);

        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path fakeMvn = bin.resolve("mvn");
        Files.writeString(fakeMvn, "#!/bin/sh\n"
                + "keep=''\n"
                + "for a in \"$@\"; do case \"$a\" in -q|-B|-D*) keep=\"$keep $a\";; esac; done\n"
                + "exec '" + realMaven() + "' $keep -v\n");
        Files.setPosixFilePermissions(fakeMvn, PosixFilePermissions.fromString("rwxr-xr-x"));

        ProcessBuilder pb = new ProcessBuilder(copy.toString()).directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        pb.environment().remove("MAVEN_OPTS");
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the launcher finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(out).as("it built").contains("(first run or changed sources)...");
        assertThat(out).as("the real Maven ran (-q -v prints its version)").containsPattern("\\d+\\.\\d+\\.\\d+");
        assertThat(out).as("%s: build output without escape codes", launcher).doesNotContain("\u001b");
    }

    /** The Maven on this JVM's PATH (the one running the build). */
    private static String realMaven() throws IOException {
        return Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
                .map(d -> Path.of(d, "mvn"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IOException("no mvn on the PATH: " + System.getenv("PATH")))
                .toRealPath().toString();
    }
}
