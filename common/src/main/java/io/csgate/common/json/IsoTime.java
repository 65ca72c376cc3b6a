package io.csgate.common.json;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
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
     * {@link Instant#parse}, with a fast path for what {@link Instant#toString} writes
     * ({@code YYYY-MM-DDTHH:MM:SS[.fraction]Z}, the envelope time): the applier parses one per
     * record, and the general parser cost ~15% of its time in the connect benchmark. Anything else
     * (other shapes, out-of-range fields, leap seconds) goes to {@code Instant.parse}, so the
     * results and the exceptions are the same.
     *
     * @throws DateTimeParseException as {@code Instant.parse} does
     */
    public static Instant parseInstant(String text) {
        int n = text.length();
        if (n >= 20 && n <= 30 && text.charAt(n - 1) == 'Z' && text.charAt(4) == '-' && text.charAt(7) == '-'
                && text.charAt(10) == 'T' && text.charAt(13) == ':' && text.charAt(16) == ':') {
            int year = number(text, 0, 4);
            int month = number(text, 5, 7);
            int day = number(text, 8, 10);
            int hour = number(text, 11, 13);
            int minute = number(text, 14, 16);
            int second = number(text, 17, 19);
            int nanos = 0;
            boolean ok = year >= 0 && month >= 1 && month <= 12 && day >= 1
                    && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
            if (ok && n > 20) {
                int digits = n - 21;
                ok = text.charAt(19) == '.' && digits >= 1 && digits <= 9;
                nanos = ok ? number(text, 20, n - 1) : -1;
                ok = ok && nanos >= 0;
                for (int i = digits; ok && i < 9; i++) {
                    nanos *= 10;
                }
            }
            if (ok && day <= YearMonth.of(year, month).lengthOfMonth()) {
                long days = LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second, nanos);
            }
        }
        return Instant.parse(text);
    }

    /** The decimal number in {@code text[from, to)}, or -1 when a character there is not an ASCII digit. */
    private static int number(String text, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
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
