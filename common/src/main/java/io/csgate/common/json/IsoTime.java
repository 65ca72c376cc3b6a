package io.csgate.common.json;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Times the way Channelstream writes them: Python's {@code datetime.utcnow().isoformat()}, naive
 * UTC, {@code YYYY-MM-DDTHH:MM:SS.ffffff} with the fraction left out when microseconds are 0.
 */
public final class IsoTime {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private IsoTime() {}

    /** Naive UTC isoformat, microsecond precision. */
    public static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        int micros = t.getNano() / 1000;
        if (t.getYear() < 0 || t.getYear() > 9999) {
            String base = SECONDS.format(t);
            return micros == 0 ? base : base + "." + String.format("%06d", micros);
        }
        // by hand: this runs for every ChannelsInfo and server-made frame, and the formatter and
        // String.format cost microseconds each on the applier thread
        StringBuilder b = new StringBuilder(26);
        digits(b, t.getYear(), 4).append('-');
        digits(b, t.getMonthValue(), 2).append('-');
        digits(b, t.getDayOfMonth(), 2).append('T');
        digits(b, t.getHour(), 2).append(':');
        digits(b, t.getMinute(), 2).append(':');
        digits(b, t.getSecond(), 2);
        if (micros != 0) {
            digits(b.append('.'), micros, 6);
        }
        return b.toString();
    }

    /** {@code value} (not negative) with leading zeros to {@code width} digits. */
    private static StringBuilder digits(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }

    /**
     * Parses an ISO-8601 date-time as marshmallow's {@code DateTime} field does: with or without an
     * offset ({@code Z} or {@code ±HH:MM}), with or without a fraction. A naive value is UTC.
     */
    public static Instant parse(String text) {
        String t = text.trim();
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException notOffset) {
            return LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
        }
    }
}
