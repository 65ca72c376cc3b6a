package io.csgate.gateway.config;

import io.csgate.common.sign.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The text forms of the keys gateways accept besides {@code secret}. An {@code accepted_secrets}
 * item is {@code SECRET} or {@code SECRET@INSTANT} (retired at that ISO-8601 instant, e.g.
 * {@code 2025-03-01T00:00:00Z}); a {@code producer_keys} item, and a line of
 * {@code producer_keys_file}, is {@code NAME:SECRET} or {@code NAME:SECRET@INSTANT}. Errors never
 * show a secret: they name the item by its position (and a producer key by its name).
 */
final class SigningKeys {

    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\S*");

    private SigningKeys() {}

    /** Parses {@code accepted_secrets} items. */
    static List<SigningKey> shared(List<String> items, String where) {
        List<SigningKey> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(secretAndTime(null, items.get(i), where + " item " + (i + 1)));
        }
        return List.copyOf(out);
    }

    /** Parses {@code producer_keys} items; names must be unique. */
    static List<SigningKey> named(List<String> items, String where) {
        List<SigningKey> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(named(items.get(i), where + " item " + (i + 1)));
        }
        return unique(out, where);
    }

    /**
     * Reads a producer keys file: one {@code NAME:SECRET[@INSTANT]} a line; blank lines and lines
     * starting with {@code #} or {@code ;} are skipped.
     *
     * @throws ConfigException naming the setting, the file and the line
     */
    static List<SigningKey> file(String path, String origin) {
        String where = "invalid value for '" + ConfigKey.PRODUCER_KEYS_FILE.iniName() + "' (" + origin + "): ";
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException | InvalidPathException e) {
            throw new ConfigException(where + ConfigValues.quote(path) + " cannot be read: " + e);
        }
        List<SigningKey> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            out.add(named(line, where + path + " line " + (i + 1)));
        }
        return unique(out, where + path);
    }

    /** The item as written back ({@code NAME:} only for producer keys). */
    static String format(SigningKey k) {
        return (k.name() == null ? "" : k.name() + ":") + k.secret()
                + (k.retiredAt() == null ? "" : "@" + k.retiredAt());
    }

    private static SigningKey named(String item, String where) {
        int colon = item.indexOf(':');
        if (colon <= 0) {
            throw new ConfigException(where + " is not NAME:SECRET or NAME:SECRET@INSTANT");
        }
        String name = item.substring(0, colon);
        if (!SigningKey.NAME.matcher(name).matches()) {
            throw new ConfigException(where + ": the key name " + ConfigValues.quote(name)
                    + " may only hold letters, digits, '.', '_' and '-' (at most 64)");
        }
        return secretAndTime(name, item.substring(colon + 1), where + " (key '" + name + "')");
    }

    /**
     * {@code SECRET} or {@code SECRET@INSTANT}: a last {@code @} followed by a date and {@code T} starts
     * the retirement time; any other {@code @} is part of the secret.
     */
    private static SigningKey secretAndTime(String name, String text, String where) {
        String secret = text;
        Instant retired = null;
        int at = text.lastIndexOf('@');
        if (at >= 0 && DATE_TIME.matcher(text.substring(at + 1)).matches()) {
            try {
                retired = Instant.parse(text.substring(at + 1));
                secret = text.substring(0, at);
            } catch (DateTimeParseException e) {
                throw new ConfigException(where + ": the retirement time after '@' is not an ISO-8601 instant such"
                        + " as 2025-03-01T00:00:00Z");
            }
        }
        if (secret.isEmpty()) {
            throw new ConfigException(where + ": the secret is empty");
        }
        return new SigningKey(name, secret, retired);
    }

    private static List<SigningKey> unique(List<SigningKey> keys, String where) {
        Set<String> names = new HashSet<>();
        for (SigningKey k : keys) {
            if (!names.add(k.name())) {
                throw new ConfigException(where + ": two producer keys are named '" + k.name() + "'");
            }
        }
        return List.copyOf(keys);
    }
}
