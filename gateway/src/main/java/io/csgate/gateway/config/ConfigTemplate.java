package io.csgate.gateway.config;

import io.csgate.gateway.config.ConfigValues.Raw;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code make-config} output: a commented {@code config.ini} whose {@code [channelstream]}
 * section lists every key with its value, each after a comment saying what it does, its default
 * and its environment variable. Values are the defaults overridden by the given ones, as the
 * reference's {@code make_config} takes them from the environment or from a {@code -j} JSON
 * object. Unlike the reference, every key is written (the reference leaves out {@code host},
 * {@code allow_cors} and {@code validate_requests}), and the values are validated first, so the
 * file always starts a gateway: {@link ConfigLoader#fromIni} reads it back to the configuration
 * that {@link ConfigLoader#fromValues} makes of the same values.
 */
public final class ConfigTemplate {

    private static final Logger log = LoggerFactory.getLogger(ConfigTemplate.class);
    private static final int WIDTH = 96;

    private ConfigTemplate() {
    }

    /**
     * The ini text for the defaults overridden by {@code overrides} (ini key, case-insensitive,
     * to value as it would be written in the ini file). Unknown keys are logged and ignored.
     *
     * @throws ConfigException when a value is invalid, as the gateway would refuse it at start
     */
    public static String render(Map<String, String> overrides) {
        return render(overrides, log::warn);
    }

    /** {@link #render} of the {@code CHANNELSTREAM_<KEY>} variables of {@code env}. */
    public static String renderFromEnvironment(Map<String, String> env) {
        Map<String, String> overrides = new HashMap<>();
        for (ConfigKey k : ConfigKey.values()) {
            String v = env.get(k.envName());
            if (v != null) {
                overrides.put(k.iniName(), v);
            }
        }
        return render(overrides);
    }

    static String render(Map<String, String> overrides, Consumer<String> warnings) {
        Map<ConfigKey, Raw> given = ConfigLoader.knownValues(overrides, warnings);
        // Fails on a bad value; a generated cookie secret or gateway id is not written, so each
        // start makes its own, as with the reference.
        new ConfigLoader(() -> "localhost", () -> "00000000-0000-0000-0000-000000000000", warnings)
                .readRaw(given);
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        for (ConfigKey k : ConfigKey.values()) {
            Raw r = given.get(k);
            values.put(k, r == null ? k.defaultText() : r.text().strip());
        }

        StringBuilder out = new StringBuilder();
        out.append("# Channelstream-compatible gateway configuration, written by make-config.\n")
                .append("# The gateway reads this [channelstream] section with -i FILE or CHANNELSTREAM_INI;\n")
                .append("# CHANNELSTREAM_* environment variables are then ignored. Without an ini file they\n")
                .append("# are read instead. Times are in seconds (decimals allowed). Lists are separated by\n")
                .append("# commas and may go on over indented lines. Write %% for a literal %.\n")
                .append("\n[").append(ConfigLoader.SECTION).append("]\n");
        boolean inReference = false;
        boolean inOurs = false;
        for (ConfigKey k : ConfigKey.values()) {
            if (k.reference() && !inReference) {
                out.append("\n# ---- settings of Channelstream 0.7.1 ----\n");
                inReference = true;
            } else if (!k.reference() && !inOurs) {
                out.append("\n# ---- settings of this gateway (Kafka, cluster, limits) ----\n");
                inOurs = true;
            }
            out.append('\n');
            for (String line : wrap(k.help())) {
                out.append("# ").append(line).append('\n');
            }
            out.append("# default: ").append(k.defaultText().isEmpty() ? "(empty)" : k.defaultText())
                    .append(" | env: ").append(k.envName()).append('\n');
            out.append(assignment(k, values.get(k))).append('\n');
        }
        return out.toString();
    }

    /** {@code key = value}; a list of several items goes on over indented lines, as the reference writes it. */
    private static String assignment(ConfigKey k, String value) {
        String head = k.iniName() + " =";
        if (k.kind() != ConfigKey.Kind.LIST && k.kind() != ConfigKey.Kind.SECRET_LIST) {
            return value.isEmpty() ? head : head + " " + escape(value);
        }
        List<String> items = ConfigValues.splitList(value);
        if (items.isEmpty()) {
            return head;
        }
        // An item starting with # or ; on a line of its own would be read as a comment.
        boolean oneLine = items.stream().anyMatch(i -> i.startsWith("#") || i.startsWith(";"));
        String separator = oneLine ? ", " : ",\n" + " ".repeat(head.length() + 1);
        return head + " " + escape(String.join(separator, items));
    }

    private static String escape(String value) {
        return value.replace("%", "%%");
    }

    private static List<String> wrap(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > WIDTH - 2) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
