package io.csgate.gateway.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The raw text of every setting and where it came from, read as typed values. Each reader
 * throws a one-line {@link ConfigException} naming the key, its origin and the bad value; soft
 * limits are clamped and reported to the warning sink.
 */
final class ConfigValues {

    /** A value as written, and where: an environment variable, a file and line, or "default". */
    record Raw(String text, String origin) {
    }

    static final String TRUE_WORDS = "true/yes/on/y/t/1";
    static final String FALSE_WORDS = "false/no/off/n/f/0";
    private static final List<String> TRUE = List.of(TRUE_WORDS.split("/"));
    private static final List<String> FALSE = List.of(FALSE_WORDS.split("/"));
    private static final Pattern LIST_SEPARATOR = Pattern.compile("[,\\s]+");
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    private final Map<ConfigKey, Raw> raw = new EnumMap<>(ConfigKey.class);
    private final Consumer<String> warnings;

    /** {@code given} may lack keys; those take their default. Texts are stripped. */
    ConfigValues(Map<ConfigKey, Raw> given, Consumer<String> warnings) {
        this.warnings = warnings;
        for (ConfigKey k : ConfigKey.values()) {
            Raw r = given.get(k);
            raw.put(k, r == null ? new Raw(k.defaultText(), "default") : new Raw(r.text().strip(), r.origin()));
        }
    }

    String origin(ConfigKey k) {
        return raw.get(k).origin();
    }

    void warn(String message) {
        warnings.accept(message);
    }

    /** {@code invalid value for 'port' (CHANNELSTREAM_PORT): "-1" <reason>}. */
    ConfigException invalid(ConfigKey k, String reason) {
        return invalid(k, raw.get(k), reason);
    }

    static ConfigException invalid(ConfigKey k, Raw r, String reason) {
        return new ConfigException("invalid value for '" + k.iniName() + "' (" + r.origin() + "): "
                + quote(r.text()) + " " + reason);
    }

    /** The text, which must be on one line (multi-line ini values are for lists only). */
    String text(ConfigKey k) {
        String t = raw.get(k).text();
        if (t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0) {
            throw invalid(k, "must be on one line");
        }
        return t;
    }

    String required(ConfigKey k) {
        String t = text(k);
        if (t.isEmpty()) {
            throw invalid(k, "must not be empty");
        }
        return t;
    }

    /** Pyramid's {@code asbool} words, case-insensitive; unlike Pyramid, anything else fails. */
    boolean bool(ConfigKey k) {
        String t = raw.get(k).text().toLowerCase(Locale.ROOT);
        if (TRUE.contains(t)) {
            return true;
        }
        if (FALSE.contains(t)) {
            return false;
        }
        throw invalid(k, "is not a boolean (" + TRUE_WORDS + " or " + FALSE_WORDS + ")");
    }

    int port(ConfigKey k) {
        BigInteger v = integerOrNull(raw.get(k).text());
        if (v == null || v.signum() < 0 || v.compareTo(BigInteger.valueOf(65_535)) > 0) {
            throw invalid(k, "is not a port number (0-65535)");
        }
        return v.intValue();
    }

    /** An integer at least {@code min}; above {@code softMax} it is clamped with a warning. */
    int integer(ConfigKey k, int min, int softMax) {
        BigInteger v = integerOrNull(raw.get(k).text());
        if (v == null) {
            throw invalid(k, "is not an integer");
        }
        if (v.compareTo(BigInteger.valueOf(min)) < 0) {
            throw invalid(k, "must be at least " + min);
        }
        if (v.compareTo(BigInteger.valueOf(softMax)) > 0) {
            warn(k.iniName() + " = " + v + " (" + origin(k) + ") is above the limit; using " + softMax);
            return softMax;
        }
        return v.intValue();
    }

    /**
     * Seconds, decimals allowed ({@code 0.5}), greater than 0; above {@link
     * GatewayConfig#DURATION_LIMIT} clamped with a warning.
     */
    Duration seconds(ConfigKey k) {
        String t = raw.get(k).text();
        BigDecimal s;
        try {
            s = new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw invalid(k, "is not a number of seconds (like 5 or 0.5)");
        }
        if (s.signum() <= 0) {
            throw invalid(k, "must be greater than 0 seconds");
        }
        BigDecimal limit = BigDecimal.valueOf(GatewayConfig.DURATION_LIMIT.getSeconds());
        if (s.compareTo(limit) > 0) {
            warn(k.iniName() + " = " + t + " (" + origin(k) + ") is above the limit; using "
                    + limit + " seconds");
            return GatewayConfig.DURATION_LIMIT;
        }
        long nanos = s.multiply(NANOS_PER_SECOND).setScale(0, RoundingMode.HALF_UP).longValueExact();
        if (nanos == 0) {
            throw invalid(k, "is shorter than a nanosecond");
        }
        return Duration.ofNanos(nanos);
    }

    /** {@link #seconds}, where 0 is allowed too (it turns something off). */
    Duration secondsOrZero(ConfigKey k) {
        String t = raw.get(k).text();
        try {
            if (new BigDecimal(t).signum() == 0) {
                return Duration.ZERO;
            }
        } catch (NumberFormatException e) {
            // seconds() reports it
        }
        return seconds(k);
    }

    /** Items separated by commas, whitespace or line breaks; empty items are dropped. */
    List<String> list(ConfigKey k) {
        return splitList(raw.get(k).text());
    }

    static List<String> splitList(String text) {
        return Arrays.stream(LIST_SEPARATOR.split(text)).filter(s -> !s.isEmpty()).toList();
    }

    static String formatSeconds(Duration d) {
        return BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9))
                .stripTrailingZeros().toPlainString();
    }

    static String formatList(List<String> items) {
        return String.join(", ", items);
    }

    /** The value in double quotes on one line: control characters escaped, long values cut. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        int max = 100;
        for (int i = 0; i < s.length() && i < max; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '"', '\\' -> b.append('\\').append(c);
                default -> {
                    if (Character.isISOControl(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (s.length() > max) {
            b.append("...");
        }
        return b.append('"').toString();
    }

    private static BigInteger integerOrNull(String t) {
        try {
            return new BigInteger(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
