package io.csgate.ingest.config;

import io.csgate.ingest.IngestException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One section of a config.ini, read as Python's {@code configparser} reads the reference's and the
 * gateway's files: {@code key = value} or {@code key: value}, case-insensitive keys, stripped
 * values, whole-line {@code #}/{@code ;} comments, indented continuation lines, {@code [DEFAULT]}
 * keys inherited, {@code %%} and {@code %(key)s} interpolation. The gateway's own reader is
 * stricter about syntax errors; a file the gateway accepts reads the same here.
 */
final class IniSection {

    private static final Pattern REF = Pattern.compile("%\\(([^)]+)\\)s");
    private static final int MAX_DEPTH = 10;

    private IniSection() {}

    /**
     * The keys of {@code section} (plus {@code [DEFAULT]}), interpolated.
     *
     * @throws IngestException (usage) when the file cannot be read, or has no such section
     */
    static Map<String, String> read(Path path, String section) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(path))).toString();
        } catch (CharacterCodingException e) {
            throw IngestException.usage("cannot read config file '" + path + "': not UTF-8 text");
        } catch (IOException e) {
            throw IngestException.usage("cannot read config file '" + path + "': " + Settings.reason(e));
        }
        Map<String, Map<String, String>> sections = parse(path, text);
        Map<String, String> own = sections.get(section);
        if (own == null) {
            throw IngestException.usage("config file '" + path + "' has no [" + section + "] section");
        }
        Map<String, String> raw = new HashMap<>(sections.getOrDefault("DEFAULT", Map.of()));
        raw.putAll(own);
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k, interpolate(path, k, v, raw, 0)));
        return out;
    }

    static Map<String, Map<String, String>> parse(Path path, String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        List<String> value = null;
        int keyIndent = 0;
        int lineNo = 0;
        for (String line : (Iterable<String>) text.lines()::iterator) {
            lineNo++;
            String s = line.strip();
            if (s.startsWith("#") || s.startsWith(";")) {
                continue;
            }
            if (s.isEmpty()) {
                if (value != null) {
                    value.add("");
                }
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            if (value != null && indent > keyIndent) {
                value.add(s);
                continue;
            }
            if (s.startsWith("[") && s.lastIndexOf(']') > 1) {
                current = sections.computeIfAbsent(s.substring(1, s.lastIndexOf(']')), k -> new LinkedHashMap<>());
                value = null;
                continue;
            }
            int eq = delimiter(s);
            if (current == null || eq <= 0) {
                throw IngestException.usage("invalid config file '" + path + "': line " + lineNo + ": expected "
                        + (current == null ? "a [section] first" : "'key = value'"));
            }
            keyIndent = indent;
            value = new ArrayList<>();
            value.add(s.substring(eq + 1).strip());
            current.put(s.substring(0, eq).strip().toLowerCase(Locale.ROOT), value);
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        sections.forEach((name, keys) -> {
            Map<String, String> joined = new LinkedHashMap<>();
            keys.forEach((k, lines) -> joined.put(k, String.join("\n", lines).stripTrailing()));
            out.put(name, joined);
        });
        return out;
    }

    private static int delimiter(String s) {
        int eq = s.indexOf('=');
        int colon = s.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    private static String interpolate(Path path, String key, String value, Map<String, String> raw, int depth) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        if (depth > MAX_DEPTH) {
            throw IngestException.usage("config file '" + path + "': interpolation of '" + key + "' is too deep");
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
            } else if (value.startsWith("%%", i)) {
                out.append('%');
                i += 2;
            } else {
                Matcher m = REF.matcher(value).region(i, value.length());
                String ref = m.lookingAt() ? m.group(1).toLowerCase(Locale.ROOT) : null;
                if (ref == null || !raw.containsKey(ref)) {
                    throw IngestException.usage("config file '" + path + "': bad '%' in the value of '" + key
                            + "' (write %% for a literal %)");
                }
                out.append(interpolate(path, ref, raw.get(ref), raw, depth + 1));
                i = m.end();
            }
        }
        return out.toString();
    }
}
