package io.csgate.bench.cli;

import io.csgate.bench.run.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --url} and the secret. The secret comes from {@code --secret}, else {@code --secret-file},
 * else the environment variable {@code CHANNELSTREAM_SECRET}, else the gateway's default
 * {@code secret}.
 */
public final class TargetOptions {

    public static final String SECRET_ENV = "CHANNELSTREAM_SECRET";

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8000", paramLabel = "URL",
            description = "Base URL of the server under test; loopback hosts only (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--secret", paramLabel = "SECRET",
            description = "API secret. Prefer --secret-file or $" + SECRET_ENV + "; default: secret.")
    String secret;

    @Option(names = "--secret-file", paramLabel = "FILE", description = "File holding the API secret (first line).")
    Path secretFile;

    public Target target() {
        return Target.parse(url);
    }

    public String secret() {
        if (secret != null) {
            return secret;
        }
        if (secretFile != null) {
            try {
                String s = Files.readString(secretFile, StandardCharsets.UTF_8).lines().findFirst().orElse("");
                if (s.isEmpty()) {
                    throw new IllegalArgumentException("--secret-file " + secretFile + " is empty");
                }
                return s;
            } catch (IOException e) {
                throw new IllegalArgumentException("--secret-file: cannot read " + secretFile + ": " + e.getMessage());
            }
        }
        String env = System.getenv(SECRET_ENV);
        return env != null && !env.isEmpty() ? env : "secret";
    }
}
