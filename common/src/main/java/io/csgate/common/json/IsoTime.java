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
        String base = SECONDS.format(t);
        int micros = t.getNano() / 1000;
        return micros == 0 ? base : base + "." + String.format("%06d", micros);
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
