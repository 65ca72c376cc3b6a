package io.csgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderIniTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();
    private final ConfigLoader loader = ConfigFixtures.loader(warnings);

    @Test
    void readsEveryKeyFromTheIni() throws IOException {
        Path ini = ConfigFixtures.write(dir, ConfigFixtures.iniOf(ConfigFixtures.ALL));

        GatewayConfig c = loader.readIni(ini);

        assertThat(c).isEqualTo(ConfigFixtures.expectedAll());
        assertThat(warnings).as("only the one about the demo, which ALL turns on").singleElement().asString()
                .startsWith("demo is on (" + ini + " line ").endsWith("turn it off in production");
    }

    @Test
    void theFixtureCoversEveryKeyWithANonDefaultValue() {
        Map<ConfigKey, String> all = ConfigFixtures.expectedAll().iniValues();
        Map<ConfigKey, String> defaults = ConfigFixtures.loader().readValues(Map.of()).iniValues();

        assertThat(ConfigFixtures.ALL.keySet())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(ConfigKey.values()).map(ConfigKey::iniName).toList());
        for (ConfigKey k : ConfigKey.values()) {
            assertThat(all.get(k)).as(k.iniName()).isNotEqualTo(defaults.get(k));
        }
    }

    @Test
    void readsTheReferenceSampleWithAContinuedList() throws IOException {
        Path ini = ConfigFixtures.write(dir, "[channelstream]\n"
                + "admin_secret = admin_secret\n"
                + "secret = secret\n"
                + "port = 8000\n"
                + "demo = true\n"
                + "allow_posting_from = 127.0.0.1,\n"
                + "                     192.168.1.1\n");

        GatewayConfig c = loader.readIni(ini);

        assertThat(c.allowPostingFrom()).containsExactly("127.0.0.1", "192.168.1.1");
        assertThat(c.port()).isEqualTo(8000);
        assertThat(c.demo()).as("the reference's sample turns its (unused) demo flag on; here it opens /demo/*")
                .isTrue();
        assertThat(warnings).anyMatch(w -> w.startsWith("demo is on (") && w.contains("turn it off in production"));
    }

    @Test
    void continuationLinesKeepGoingPastBlankAndCommentLinesAndTrailingCommas() throws IOException {
        Path ini = ConfigFixtures.write(dir, "[channelstream]\n"
                + "allow_posting_from =\n"
                + "    10.0.0.1,\n"
                + "\n"
                + "    # a comment inside the value\n"
                + "\t10.0.0.2,\n"
                + "    ,10.0.0.3,\n"
                + "port = 9000\n"
                + "allow_cors = a.example,\n");

        GatewayConfig c = loader.readIni(ini);

        assertThat(c.allowPostingFrom()).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
        assertThat(c.allowCors()).containsExactly("a.example");
        assertThat(c.port()).isEqualTo(9000);
    }

    @Test
    void keysAreCaseInsensitiveAndColonWorksLikeEquals() throws IOException {
        Path ini = ConfigFixtures.write(dir, "[channelstream]\nPORT: 9001\nAdmin_User=bob\n");

        GatewayConfig c = loader.readIni(ini);

        assertThat(c.port()).isEqualTo(9001);
        assertThat(c.adminUser()).isEqualTo("bob");
    }

    @Test
    void hashAndSemicolonLinesAreCommentsButNotAtTheEndOfAValue() throws IOException {
        Path ini = ConfigFixtures.write(dir, "# header\n[channelstream]\n; port = 1\n  # host = 10.9.9.9\n"
                + "admin_user = bob ; not a comment\n");

        GatewayConfig c = loader.readIni(ini);

        assertThat(c.port()).isEqualTo(8000);
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.adminUser()).isEqualTo("bob ; not a comment");
    }

    @Test
    void otherSectionsAreIgnoredAndDefaultSupplies() throws IOException {
        Path ini = ConfigFixtures.write(dir, "[DEFAULT]\nadmin_user = fromdefault\n\n"
                + "[app:main]\nport = 1\nwhatever = x\n\n"
                + "[channelstream]\nport = 9002\n\n[server:main]\nhost = 10.0.0.9\n");

        GatewayConfig c = loader.readIni(ini);

        assertThat(c.port()).isEqualTo(9002);
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.adminUser()).isEqualTo("fromdefault");
        assertThat(warnings).noneMatch(w -> w.contains("whatever"));
    }

    @Test
    void unknownKeysAreWarnedAboutWithASuggestionAndIgnored() throws IOException {
        Path ini = ConfigFixtures.write(dir, "[channelstream]\nprot = 9003\n");

        GatewayConfig c = loader.readIni(ini);

        assertThat(c.port()).isEqualTo(8000);
        assertThat(warnings).anyMatch(w -> w.contains("unknown key 'prot'") && w.contains("line 2")
                && w.contains("did you mean 'port'?"));
    }

    @Test
    void percentSignsInterpolateAsInConfigparser() throws IOException {
        Path ini = ConfigFixtures.write(dir, "[DEFAULT]\nbase = ab\n[channelstream]\n"
                + "secret = 100%%-%(base)s\nadmin_secret = %(Secret)s!\n");

        GatewayConfig c = loader.readIni(ini);

        assertThat(c.secret()).isEqualTo("100%-ab");
        assertThat(c.adminSecret()).isEqualTo("100%-ab!");
    }

    @Test
    void aLonePercentNamesTheKeyAndLine() throws IOException {
        Path ini = ConfigFixtures.write(dir, "[channelstream]\nport = 8000\nsecret = 50%off\n");

        assertThatThrownBy(() -> loader.readIni(ini)).isInstanceOf(ConfigException.class)
                .hasMessage("invalid value for 'secret' (" + ini + " line 3): \"50%off\" has a '%' that starts"
                        + " neither %% nor %(name)s (write %% for a literal %)");
    }

    @Test
    void aReferenceToAnUnsetKeyOrALoopFails() throws IOException {
        Path unset = ConfigFixtures.write(dir, "[channelstream]\nsecret = %(nothere)s\n");
        assertThatThrownBy(() -> loader.readIni(unset)).hasMessageContaining("'secret'")
                .hasMessageContaining("%(nothere)s, which is not set");

        Path loop = ConfigFixtures.write(dir, "[channelstream]\nsecret = %(admin_secret)s\nadmin_secret = %(secret)s\n");
        assertThatThrownBy(() -> loader.readIni(loop)).hasMessageContaining("'secret'")
                .hasMessageContaining("more than 10 deep");
    }

    @Test
    void aValueOverSeveralLinesIsOnlyForLists() throws IOException {
        Path ini = ConfigFixtures.write(dir, "[channelstream]\nsecret = abc\n  def\n");

        assertThatThrownBy(() -> loader.readIni(ini))
                .hasMessage("invalid value for 'secret' (" + ini + " line 2): \"abc\\ndef\" must be on one line");
    }

    @Test
    void aMissingSectionIsAnError() throws IOException {
        Path ini = ConfigFixtures.write(dir, "[Channelstream]\nport = 8000\n[app:main]\n");

        assertThatThrownBy(() -> loader.readIni(ini)).isInstanceOf(ConfigException.class)
                .hasMessage("invalid config file '" + ini + "': no [channelstream] section");
    }

    @Test
    void aMissingFileCannotBeRead() {
        Path ini = dir.resolve("nope.ini");

        assertThatThrownBy(() -> loader.readIni(ini)).isInstanceOf(ConfigException.class)
                .hasMessage("cannot read config file '" + ini + "': no such file");
    }

    @Test
    void aFolderCannotBeRead() {
        assertThatThrownBy(() -> loader.readIni(dir)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot read config file '" + dir + "': ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aFileThatIsNotUtf8CannotBeRead() throws IOException {
        Path ini = Files.write(dir.resolve("latin1.ini"), new byte[] {'[', 'c', ']', '\n', 's', '=', (byte) 0xE9, '\n'});

        assertThatThrownBy(() -> loader.readIni(ini))
                .hasMessage("cannot read config file '" + ini + "': not UTF-8 text");
    }

    @Test
    void syntaxErrorsNameTheLine() throws IOException {
        Path noEquals = ConfigFixtures.write(dir, "[channelstream]\nport 8000\n");
        assertThatThrownBy(() -> loader.readIni(noEquals))
                .hasMessage("invalid config file '" + noEquals + "': line 2: expected 'key = value', got \"port 8000\"");

        Path outside = ConfigFixtures.write(dir, "port = 8000\n[channelstream]\n");
        assertThatThrownBy(() -> loader.readIni(outside))
                .hasMessage("invalid config file '" + outside + "': line 1: \"port = 8000\" comes before any [section]");

        Path duplicate = ConfigFixtures.write(dir, "[channelstream]\nport = 1\n\nPort = 2\n");
        assertThatThrownBy(() -> loader.readIni(duplicate))
                .hasMessage("invalid config file '" + duplicate
                        + "': line 4: duplicate key 'port' in [channelstream] (first on line 2)");

        Path twice = ConfigFixtures.write(dir, "[channelstream]\n[x]\n[channelstream]\n");
        assertThatThrownBy(() -> loader.readIni(twice))
                .hasMessageContaining("line 3: duplicate section [channelstream] (first on line 1)");
    }

    @Test
    void windowsLineEndingsAndAByteOrderMarkAreFine() throws IOException {
        Path ini = ConfigFixtures.write(dir, "\uFEFF[channelstream]\r\nport = 9004\r\nallow_posting_from = 10.0.0.1,\r\n"
                + "  10.0.0.2\r\nheartbeat_interval = 0.25\r\n");

        GatewayConfig c = loader.readIni(ini);

        assertThat(c.port()).isEqualTo(9004);
        assertThat(c.allowPostingFrom()).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofMillis(250));
    }
}
