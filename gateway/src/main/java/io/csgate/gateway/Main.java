package io.csgate.gateway;

import ch.qos.logback.classic.Level;
import io.csgate.gateway.config.ConfigException;
import io.csgate.gateway.config.ConfigLoader;
import io.csgate.gateway.config.GatewayConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code channelstream [-i config.ini] [-v]}: starts a gateway and runs until SIGTERM or Ctrl-C.
 * Exit codes: 1 a part could not start, 2 bad configuration or arguments; a signal stops it cleanly
 * (the JVM then exits with 128 + the signal number, 130 or 143).
 */
@Command(name = "channelstream", versionProvider = Main.Version.class, sortOptions = false,
        subcommands = {MakeConfigCommand.class},
        description = "A Channelstream-compatible gateway on Kafka. Without -i, settings come from "
                + "CHANNELSTREAM_* environment variables; with no kafka_bootstrap_servers it starts an "
                + "embedded Kafka broker.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:help or version printed", "1:a part could not start", "2:bad configuration or arguments",
                "130/143:stopped by SIGINT/SIGTERM after a clean shutdown"})
public final class Main implements Callable<Integer> {

    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    Main(Map<String, String> env) {
        this.env = env;
    }

    @Option(names = {"-i", "--ini"}, paramLabel = "FILE",
            description = "config file with a [channelstream] section (also CHANNELSTREAM_INI)")
    Path ini;

    @Option(names = {"-v", "--version"}, versionHelp = true, description = "print the version and exit")
    boolean version;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main(System.getenv()));
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        GatewayConfig config;
        try {
            config = ConfigLoader.load(ini, env);
        } catch (ConfigException e) {
            err.println("channelstream: " + e.getMessage());
            err.flush();
            return 2;
        }
        setLogLevel(config.logLevel());
        Logger log = LoggerFactory.getLogger(Main.class);
        log.info("csgate {} starting; effective config:\n{}", Version.version(), config.describe());
        Gateway gateway;
        try {
            gateway = Gateway.start(config);
        } catch (RuntimeException e) {
            log.debug("start failed", e);
            err.println("channelstream: cannot start: " + e.getMessage());
            err.flush();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping");
            gateway.close();
            stopped.countDown();
        }, "csgate-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        String url = gateway.url();
        out.println("channelstream gateway " + config.gatewayId() + " ready to serve:");
        out.println("  REST API    " + url + "/connect, /message, /info, ...");
        out.println("  websocket   " + url.replace("http", "ws") + "/ws?conn_id=...");
        out.println("  health      " + url + "/healthz   readiness " + url + "/readyz");
        out.println("  metrics     " + url + "/metrics");
        out.println("  kafka       " + gateway.bootstrapServers()
                + (config.kafkaBootstrapServers().isEmpty() ? " (embedded broker, data in " + config.dataDir() + ")" : ""));
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static void setLogLevel(String level) {
        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        String l = level.toUpperCase(Locale.ROOT);
        root.setLevel(Level.toLevel(l.equals("CRITICAL") ? "ERROR" : l.equals("WARNING") ? "WARN" : l, Level.INFO));
    }

    /** The version from the jar manifest (the Maven project version). */
    static final class Version implements CommandLine.IVersionProvider {
        static String version() {
            String v = Main.class.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }

        @Override
        public String[] getVersion() {
            return new String[] {"channelstream (csgate) " + version()
                    + " - Channelstream 0.7.1 protocol on Kafka"};
        }
    }
}
