package io.csgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's settings table lists every key, in order, with its default and its help text. */
class ReadmeSettingsTest {

    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z_]+)` \\| (.*?) \\| (.*) \\|$");

    @Test
    void theTableMatchesTheKeys() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        String table = readme.substring(readme.indexOf("## Settings"), readme.indexOf("## Compatibility"));
        Map<String, String[]> rows = new LinkedHashMap<>();
        Matcher m = ROW.matcher(table);
        while (m.find()) {
            rows.put(m.group(1), new String[] {m.group(2), m.group(3)});
        }
        assertThat(rows.keySet()).containsExactly(java.util.Arrays.stream(ConfigKey.values())
                .map(ConfigKey::iniName).toArray(String[]::new));
        for (ConfigKey k : ConfigKey.values()) {
            String[] row = rows.get(k.iniName());
            String expected = k.defaultText().isEmpty() ? "(empty)" : "`" + k.defaultText() + "`";
            assertThat(row[0]).as("default of " + k.iniName()).isEqualTo(expected);
            assertThat(row[1]).as("meaning of " + k.iniName()).isEqualTo(k.help());
        }
    }
}
