package io.csgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.gateway.config.ConfigLoader;
import io.csgate.gateway.config.GatewayConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: bad configuration fails fast with one line naming the key; -v; make-config. */
class MainTest {

    record Run(int exit, String out, String err) {}

    static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main(env));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static void assertOneLineError(Run r, String... mentions) {
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        for (String m : mentions) {
            assertThat(r.err()).contains(m);
        }
    }

    @Test
    void anUnknownBooleanIsAOneLineErrorNamingTheKey() {
        assertOneLineError(run(Map.of("CHANNELSTREAM_VALIDATE_REQUESTS", "maybe")), "validate_requests", "maybe");
    }

    @Test
    void aNegativePortIsAOneLineErrorNamingTheKey() {
        assertOneLineError(run(Map.of("CHANNELSTREAM_PORT", "-1")), "port", "-1");
    }

    @Test
    void anUnreadableIniIsAOneLineError(@TempDir Path dir) {
        Path missing = dir.resolve("nope.ini");
        assertOneLineError(run(Map.of(), "-i", missing.toString()), "nope.ini");
    }

    @Test
    void versionPrintsAndExitsZero() {
        Run r = run(Map.of(), "-v");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("channelstream").contains("0.7.1");
    }

    @Test
    void helpListsTheOptionsAndMakeConfig() {
        Run r = run(Map.of(), "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--ini").contains("make-config").contains("Exit codes");
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        Run r = run(Map.of(), "--bogus");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--bogus");
    }

    @Test
    void makeConfigWritesAnIniTheGatewayReadsBack(@TempDir Path dir) throws Exception {
        Path ini = dir.resolve("config.ini");
        Run r = run(Map.of(), "make-config", "-j", "{\"port\": 9001, \"secret\": \"s3cr3t\"}", "-o", ini.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String text = Files.readString(ini);
        assertThat(text).contains("[channelstream]").contains("kafka_bootstrap_servers");
        GatewayConfig config = ConfigLoader.fromIni(ini);
        assertThat(config.port()).isEqualTo(9001);
        assertThat(config.secret()).isEqualTo("s3cr3t");
    }

    @Test
    void makeConfigRejectsBadJson() {
        Run r = run(Map.of(), "make-config", "-j", "[1,2");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("-j");
    }
}
