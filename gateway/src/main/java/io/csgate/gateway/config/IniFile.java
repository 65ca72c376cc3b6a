package io.csgate.gateway.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An ini file read the way Python's {@code configparser.ConfigParser()} reads it with its
 * defaults, so a {@code config.ini} written for the reference means the same here:
 * <ul>
 *   <li>{@code key = value} or {@code key: value}; keys are case-insensitive, values stripped;
 *   <li>a line indented deeper than its key line continues the value (joined by {@code \n});
 *       blank lines inside a value are kept, trailing ones dropped;
 *   <li>lines starting with {@code #} or {@code ;} are comments, even inside a value; there are
 *       no inline comments ({@code port = 80 ; x} has the value {@code 80 ; x});
 *   <li>section names are case-sensitive; {@code [DEFAULT]} supplies keys to every section;
 *   <li>a duplicate section or key, a line outside any section, or a line without {@code =}
 *       is an error;
 *   <li>values interpolate: {@code %%} is a literal {@code %}, {@code %(key)s} is the value of
 *       another key of the section or of {@code [DEFAULT]}; any other {@code %} is an error.
 * </ul>
 * Files are read as UTF-8 (a byte order mark is skipped).
 */
final class IniFile {

    static final String DEFAULT_SECTION = "DEFAULT";
    private static final int MAX_INTERPOLATION_DEPTH = 10;

    /** A key's raw (not interpolated) value and the line of the key. */
    record Entry(String value, int line) {
    }

    private final String name;
    private final Map<String, Map<String, Entry>> sections;

    private IniFile(String name, Map<String, Map<String, Entry>> sections) {
        this.name = name;
        this.sections = sections;
    }

    /** @throws ConfigException {@code cannot read config file 'x.ini': <reason>} or a syntax error */
    static IniFile read(Path path) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(path)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException("cannot read config file '" + path + "': not UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file '" + path + "': " + reason(e), e);
        }
        return parse(path.toString(), text);
    }

    /** @throws ConfigException {@code invalid config file 'x.ini': line 3: <problem>} */
    static IniFile parse(String name, String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Map<String, Map<String, List<String>>> values = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> keyLines = new HashMap<>();
        Map<String, Integer> sectionLines = new HashMap<>();
        String section = null;
        String key = null;
        int indentLevel = 0;
        int lineNo = 0;
        for (String line : (Iterable<String>) text.lines()::iterator) {
            lineNo++;
            String value = line.strip();
            if (value.startsWith("#") || value.startsWith(";")) {
                continue;
            }
            if (value.isEmpty()) {
                if (key != null) {
                    values.get(section).get(key).add("");
                }
                continue;
            }
            int indent = indentOf(line);
            if (key != null && indent > indentLevel) {
                values.get(section).get(key).add(value);
                continue;
            }
            indentLevel = indent;
            int close = value.lastIndexOf(']');
            if (value.startsWith("[") && close > 1) {
                section = value.substring(1, close);
                Integer first = sectionLines.putIfAbsent(section, lineNo);
                if (first != null) {
                    throw syntax(name, lineNo, "duplicate section [" + section + "] (first on line " + first + ")");
                }
                values.put(section, new LinkedHashMap<>());
                keyLines.put(section, new HashMap<>());
                key = null;
                continue;
            }
            if (section == null) {
                throw syntax(name, lineNo, ConfigValues.quote(value) + " comes before any [section]");
            }
            int delimiter = delimiterOf(value);
            if (delimiter < 0) {
                throw syntax(name, lineNo, "expected 'key = value', got " + ConfigValues.quote(value));
            }
            key = value.substring(0, delimiter).strip().toLowerCase(Locale.ROOT);
            if (key.isEmpty()) {
                throw syntax(name, lineNo, "no key before '" + value.charAt(delimiter) + "'");
            }
            Integer first = keyLines.get(section).putIfAbsent(key, lineNo);
            if (first != null) {
                throw syntax(name, lineNo, "duplicate key '" + key + "' in [" + section + "] (first on line "
                        + first + ")");
            }
            List<String> lines = new ArrayList<>();
            lines.add(value.substring(delimiter + 1).strip());
            values.get(section).put(key, lines);
        }
        Map<String, Map<String, Entry>> sections = new LinkedHashMap<>();
        values.forEach((s, keys) -> {
            Map<String, Entry> entries = new LinkedHashMap<>();
            keys.forEach((k, lines) -> entries.put(k, new Entry(String.join("\n", lines).stripTrailing(),
                    keyLines.get(s).get(k))));
            sections.put(s, Collections.unmodifiableMap(entries));
        });
        return new IniFile(name, Collections.unmodifiableMap(sections));
    }

    String name() {
        return name;
    }

    /** The keys written in a section, in file order ({@code [DEFAULT]} keys not merged in). */
    Optional<Map<String, Entry>> section(String section) {
        return DEFAULT_SECTION.equals(section) ? Optional.empty() : Optional.ofNullable(sections.get(section));
    }

    /** The keys of {@code [DEFAULT]}, empty when the file has none. */
    Map<String, Entry> defaults() {
        return sections.getOrDefault(DEFAULT_SECTION, Map.of());
    }

    /** A key of a section, or else of {@code [DEFAULT]}. */
    Optional<Entry> entry(String section, String key) {
        Entry e = sections.getOrDefault(section, Map.of()).get(key);
        return Optional.ofNullable(e != null ? e : defaults().get(key));
    }

    /**
     * The interpolated value of {@code key}, looked up as {@link #entry} does.
     *
     * @throws IllegalArgumentException a bad {@code %}, with a message saying what is wrong
     */
    String value(String section, String key) {
        Entry e = entry(section, key).orElseThrow(() -> new IllegalArgumentException("is not set"));
        return interpolate(section, e.value(), 1);
    }

    private String interpolate(String section, String raw, int depth) {
        if (depth > MAX_INTERPOLATION_DEPTH) {
            throw new IllegalArgumentException("nests %(name)s references more than "
                    + MAX_INTERPOLATION_DEPTH + " deep (a reference loop?)");
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
            } else if (raw.startsWith("%%", i)) {
                out.append('%');
                i += 2;
            } else if (raw.startsWith("%(", i) && raw.indexOf(')', i + 2) > i + 2
                    && raw.startsWith(")s", raw.indexOf(')', i + 2))) {
                int close = raw.indexOf(')', i + 2);
                String ref = raw.substring(i + 2, close).toLowerCase(Locale.ROOT);
                Entry target = entry(section, ref).orElseThrow(() -> new IllegalArgumentException(
                        "refers to %(" + ref + ")s, which is not set (write %% for a literal %)"));
                out.append(interpolate(section, target.value(), depth + 1));
                i = close + 2;
            } else {
                throw new IllegalArgumentException(
                        "has a '%' that starts neither %% nor %(name)s (write %% for a literal %)");
            }
        }
        return out.toString();
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int delimiterOf(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    private static ConfigException syntax(String name, int line, String problem) {
        return new ConfigException("invalid config file '" + name + "': line " + line + ": " + problem);
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason().toLowerCase(Locale.ROOT);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
