package io.csgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's settings table is the code's: one row per {@link ConfigKey}, in declaration order,
 * with its default and its help text (what {@code make-config} writes), and no other row.
 */
class ReadmeSettingsTableTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\| (.*?) \\| (.*) \\|$");

    @Test
    void everySettingIsARowWithItsDefaultAndHelpText() throws IOException {
        Map<String, String[]> rows = rows(readme());
        List<String> expected = new ArrayList<>();
        for (ConfigKey k : ConfigKey.values()) {
            expected.add(k.iniName());
            String[] row = rows.get(k.iniName());
            assertThat(row).as("README row for `%s`", k.iniName()).isNotNull();
            String def = k.defaultText().isEmpty() ? "(empty)" : "`" + k.defaultText() + "`";
            assertThat(row[0]).as("default of `%s`", k.iniName()).isEqualTo(def);
            assertThat(row[1]).as("meaning of `%s`", k.iniName()).isEqualTo(k.help());
        }
        assertThat(rows.keySet()).as("rows of the settings table, in order").containsExactlyElementsOf(expected);
    }

    /** The rows of the table under "## Settings": key to {default, meaning}. */
    private static Map<String, String[]> rows(String readme) {
        int start = readme.indexOf("\n## Settings\n");
        assertThat(start).as("a '## Settings' section in README.md").isPositive();
        int end = readme.indexOf("\n## ", start + 1);
        Map<String, String[]> out = new LinkedHashMap<>();
        for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                out.put(m.group(1), new String[] {m.group(2), m.group(3)});
            }
        }
        return out;
    }

    private static String readme() throws IOException {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path f = d.resolve("README.md");
            if (Files.isRegularFile(f) && Files.isDirectory(d.resolve("gateway"))) {
                return Files.readString(f);
            }
        }
        throw new IOException("no README.md of the repository above " + Path.of("").toAbsolutePath());
    }
}
