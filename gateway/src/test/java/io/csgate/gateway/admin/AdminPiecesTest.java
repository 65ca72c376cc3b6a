package io.csgate.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The small pure parts: uptime text, form decoding, HTML escaping, content types. */
class AdminPiecesTest {

    @Test
    void uptimeIsPythonTimedeltaWithoutFraction() {
        assertThat(AdminJsonHandler.uptime(Duration.ZERO)).isEqualTo("0:00:00");
        assertThat(AdminJsonHandler.uptime(Duration.ofMillis(65_999))).isEqualTo("0:01:05");
        assertThat(AdminJsonHandler.uptime(Duration.ofHours(23).plusMinutes(59).plusSeconds(59))).isEqualTo("23:59:59");
        assertThat(AdminJsonHandler.uptime(Duration.ofDays(1).plusSeconds(7))).isEqualTo("1 day, 0:00:07");
        assertThat(AdminJsonHandler.uptime(Duration.ofDays(3).plusHours(2))).isEqualTo("3 days, 2:00:00");
        assertThat(AdminJsonHandler.uptime(Duration.ofSeconds(-5))).isEqualTo("0:00:00");
    }

    @Test
    void formsAreDecodedFirstValueWins() {
        assertThat(SignInHandler.parseForm("username=+admin+&password=a%26b%3Dc&password=second"))
                .isEqualTo(Map.of("username", " admin ", "password", "a&b=c"));
        assertThat(SignInHandler.parseForm("flag&x=%zz&y=1")).isEqualTo(Map.of("flag", "", "y", "1"));
        assertThat(SignInHandler.parseForm("")).isEmpty();
        assertThat(SignInHandler.parseForm(null)).isEmpty();
    }

    @Test
    void htmlIsEscaped() {
        assertThat(Html.escape("<a href=\"x\">'&'</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }

    @Test
    void contentTypesFollowExtensions() {
        assertThat(StaticFile.contentType("a/b.js")).startsWith("text/javascript");
        assertThat(StaticFile.contentType("x.CSS")).startsWith("text/css");
        assertThat(StaticFile.contentType("f.png")).isEqualTo("image/png");
        assertThat(StaticFile.contentType("noext")).isEqualTo("application/octet-stream");
    }

    @Test
    void everyFileOfTheStaticFolderIsServed() throws IOException {
        Path dir = Path.of("src/main/resources/web/static");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("gateway").resolve(dir);
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertThat(names).containsExactlyInAnyOrderElementsOf(AdminSite.STATIC_FILES);
        }
    }
}
