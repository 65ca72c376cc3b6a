package io.csgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's settings table is the settings: every key, in order, with its default and help text. */
class ReadmeSettingsTableTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\| (?:`([^`]*)`|\\(empty\\)) \\| (.*) \\|$");

    @Test
    void theReadmeTableListsEveryKeyWithItsDefaultAndHelp() throws IOException {
        List<String> rows = new ArrayList<>();
        String readme = Files.readString(root().resolve("README.md"));
        String section = readme.substring(readme.indexOf("\n## Settings\n"));
        section = section.substring(0, section.indexOf("\n## ", 5));
        for (String line : section.lines().toList()) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.add(m.group(1) + " | " + (m.group(2) == null ? "" : m.group(2)) + " | " + m.group(3));
            }
        }

        assertThat(rows).containsExactlyElementsOf(Arrays.stream(ConfigKey.values())
                .map(k -> k.iniName() + " | " + k.defaultText() + " | " + k.help()).toList());
    }

    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("README.md")) && Files.exists(p.resolve("gateway"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }
}
