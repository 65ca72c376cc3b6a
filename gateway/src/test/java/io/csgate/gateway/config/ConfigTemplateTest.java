package io.csgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTemplateTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();
    private final ConfigLoader loader = ConfigFixtures.loader(warnings);

    @Test
    void theDefaultTemplateReadsBackToTheDefaults() throws IOException {
        String text = ConfigTemplate.render(Map.of(), warnings::add);

        GatewayConfig read = loader.readIni(ConfigFixtures.write(dir, text));

        assertThat(read).isEqualTo(loader.readValues(Map.of()));
        assertThat(read.cookieSecretGenerated()).isTrue();
        assertThat(text).contains("\ncookie_secret =\n", "\ngateway_id =\n", "\nport = 8000\n");
    }

    @Test
    void everyKeyOverriddenReadsBackToAnEqualConfig() throws IOException {
        String text = ConfigTemplate.render(ConfigFixtures.ALL, warnings::add);

        GatewayConfig read = loader.readIni(ConfigFixtures.write(dir, text));

        assertThat(read).isEqualTo(ConfigFixtures.expectedAll()).isEqualTo(loader.readValues(ConfigFixtures.ALL));
        assertThat(text).contains("\nsecret = s3cr%%t-api\n");
    }

    @Test
    void everyKeyIsWrittenOnceAfterItsHelpDefaultAndVariable() {
        List<String> lines = ConfigTemplate.render(Map.of(), warnings::add).lines().toList();

        assertThat(lines).contains("[channelstream]");
        for (ConfigKey k : ConfigKey.values()) {
            List<Integer> at = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(k.iniName() + " =")) {
                    at.add(i);
                }
            }
            assertThat(at).as(k.iniName()).hasSize(1);
            int i = at.get(0);
            String defaultText = k.defaultText().isEmpty() ? "(empty)" : k.defaultText();
            assertThat(lines.get(i - 1)).isEqualTo("# default: " + defaultText + " | env: " + k.envName());
            assertThat(lines.get(i - 2)).startsWith("# ").isNotEqualTo("# ");
        }
        assertThat(lines).contains("# default: 5 | env: CHANNELSTREAM_HEARTBEAT_INTERVAL",
                "# default: 127.0.0.1 | env: CHANNELSTREAM_ALLOW_POSTING_FROM",
                "# default: (empty) | env: CHANNELSTREAM_COOKIE_SECRET");
    }

    @Test
    void listsGoOnOverIndentedLinesAsTheReferenceWritesThem() {
        String text = ConfigTemplate.render(Map.of("allow_posting_from", "127.0.0.1, 192.168.1.1,10.0.0.1,"),
                warnings::add);

        assertThat(text).contains("\nallow_posting_from = 127.0.0.1,\n"
                + "                     192.168.1.1,\n"
                + "                     10.0.0.1\n");
    }

    @Test
    void valuesComeFromTheEnvironmentToo() throws IOException {
        String text = ConfigTemplate.renderFromEnvironment(Map.of("CHANNELSTREAM_PORT", "8765",
                "CHANNELSTREAM_ADMIN_USER", "ops", "HOME", "/root"));

        GatewayConfig read = loader.readIni(ConfigFixtures.write(dir, text));

        assertThat(read.port()).isEqualTo(8765);
        assertThat(read.adminUser()).isEqualTo("ops");
    }

    @Test
    void anInvalidValueIsRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> ConfigTemplate.render(Map.of("enforce_https", "maybe"), warnings::add))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid value for 'enforce_https' (given value): \"maybe\" is not a boolean"
                        + " (true/yes/on/y/t/1 or false/no/off/n/f/0)");
    }

    @Test
    void unknownKeysAreWarnedAboutAndLeftOut() {
        String text = ConfigTemplate.render(Map.of("gc_channels_after", "60", "Port", "8001"), warnings::add);

        assertThat(text).doesNotContain("gc_channels_after").contains("\nport = 8001\n");
        assertThat(warnings).containsOnlyOnce(
                "key 'gc_channels_after' is ignored: the reference reads it but never uses it");
    }
}
