package io.csgate.bench;

import picocli.CommandLine;

/** Entry point of {@code bench/bench} and of worker processes. */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) {
        // the Kafka client logs at INFO through slf4j-simple; the bench's own output is enough
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(new CommandLine(new BenchCommand(true)).execute(args));
    }
}
