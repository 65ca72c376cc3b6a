package io.csgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderEnvironmentTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();
    private final ConfigLoader loader = ConfigFixtures.loader(warnings);

    @Test
    void readsEveryKeyFromTheEnvironment() {
        Map<String, String> env = ConfigFixtures.env(ConfigFixtures.ALL);
        env.put("PATH", "/usr/bin");

        GatewayConfig c = loader.readEnvironment(env);

        assertThat(c).isEqualTo(ConfigFixtures.expectedAll());
        assertThat(warnings).as("only the one about the demo, which ALL turns on").singleElement().asString()
                .startsWith("demo is on (CHANNELSTREAM_DEMO").endsWith("turn it off in production");
    }

    @Test
    void onlyUpperCaseChannelstreamVariablesCountAndValuesAreTrimmed() {
        GatewayConfig c = loader.readEnvironment(Map.of("channelstream_port", "9000", "PORT", "9001",
                "CHANNELSTREAM_ALLOW_POSTING_FROM", " 10.0.0.1 ,, 10.0.0.2 ,\n", "CHANNELSTREAM_HOST", " ::1 "));

        assertThat(c.port()).isEqualTo(8000);
        assertThat(c.allowPostingFrom()).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(c.host()).isEqualTo("::1");
    }

    @Test
    void unknownChannelstreamVariablesAreWarnedAbout() {
        loader.readEnvironment(Map.of("CHANNELSTREAM_PROT", "1", "CHANNELSTREAM_INI", "", "CHANNELSTREAM_port", "2",
                "HOME", "/root"));

        assertThat(warnings).filteredOn(w -> w.startsWith("unknown")).containsExactlyInAnyOrder(
                "unknown environment variable CHANNELSTREAM_PROT is ignored; did you mean 'port'?",
                "unknown environment variable CHANNELSTREAM_port is ignored; did you mean 'port'?");
    }

    @Test
    void anIniGivenDirectlyWinsAndTheEnvironmentIsIgnored() throws IOException {
        Path ini = ConfigFixtures.write(dir, "[channelstream]\nport = 9100\n");
        Map<String, String> env = Map.of("CHANNELSTREAM_PORT", "9200", "CHANNELSTREAM_SECRET", "from-env");

        GatewayConfig c = loader.read(ini, env);

        assertThat(c.port()).isEqualTo(9100);
        assertThat(c.secret()).isEqualTo("secret");
        assertThat(warnings).anyMatch(w -> w.contains("environment variables are ignored")
                && w.contains("CHANNELSTREAM_PORT, CHANNELSTREAM_SECRET"));
    }

    @Test
    void anIniNamedByChannelstreamIniIsUsedAndTheEnvironmentIgnored() throws IOException {
        Path ini = ConfigFixtures.write(dir, "[channelstream]\nport = 9101\n");
        Map<String, String> env = Map.of("CHANNELSTREAM_INI", ini.toString(), "CHANNELSTREAM_PORT", "9200",
                "CHANNELSTREAM_ADMIN_USER", "envuser");

        GatewayConfig c = loader.read(null, env);

        assertThat(c.port()).isEqualTo(9101);
        assertThat(c.adminUser()).isEqualTo("admin");
    }

    @Test
    void theGivenIniBeatsChannelstreamIni() throws IOException {
        Path given = ConfigFixtures.write(dir, "[channelstream]\nport = 9102\n");

        GatewayConfig c = loader.read(given, Map.of("CHANNELSTREAM_INI", dir.resolve("other.ini").toString()));

        assertThat(c.port()).isEqualTo(9102);
    }

    @Test
    void withoutAnyIniTheEnvironmentIsRead() {
        Map<String, String> env = new HashMap<>(Map.of("CHANNELSTREAM_PORT", "9103"));
        env.put("CHANNELSTREAM_INI", "  ");

        GatewayConfig c = loader.read(null, env);

        assertThat(c.port()).isEqualTo(9103);
    }

    @Test
    void aMissingIniNamedByChannelstreamIniIsAnError() {
        Path missing = dir.resolve("missing.ini");

        assertThatThrownBy(() -> loader.read(null, Map.of("CHANNELSTREAM_INI", missing.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("cannot read config file '" + missing + "': no such file");
    }

    @Test
    void thePublicEntryPointsReadTheSameWay() throws IOException {
        Path ini = ConfigFixtures.write(dir, ConfigFixtures.iniOf(ConfigFixtures.ALL));

        assertThat(ConfigLoader.fromIni(ini)).isEqualTo(ConfigFixtures.expectedAll());
        assertThat(ConfigLoader.fromEnvironment(ConfigFixtures.env(ConfigFixtures.ALL)))
                .isEqualTo(ConfigFixtures.expectedAll());
        assertThat(ConfigLoader.fromValues(ConfigFixtures.ALL)).isEqualTo(ConfigFixtures.expectedAll());
        assertThat(ConfigLoader.load(null, Map.of("CHANNELSTREAM_INI", ini.toString())))
                .isEqualTo(ConfigFixtures.expectedAll());
    }
}
