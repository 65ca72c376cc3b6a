package io.csgate.common.json;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Times the way Channelstream writes them: Python's {@code datetime.utcnow().isoformat()}, naive
 * UTC, {@code YYYY-MM-DDTHH:MM:SS.ffffff} with the fraction left out when microseconds are 0.
 *
 * <p>Every message is formatted once and parsed at least twice (at the REST edge and again by
 * every replica's applier), so the common shapes ({@code YYYY-MM-DDTHH:MM:SS[.f{1,9}][Z|±HH:MM]},
 * years 0000 to 9999) take a hand-written path; anything else, valid or not, goes through
 * {@link DateTimeFormatter}, which stays the authority on what is accepted.
 */
public final class IsoTime {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the four-digit years the fast path writes. */
    private static final long FIRST_FAST_SECOND = -62_167_219_200L;
    private static final long END_FAST_SECOND = 253_402_300_800L;

    /** A parsed date-time and whether the text carried no offset. */
    public record Parsed(Instant instant, boolean naive) {}

    private IsoTime() {}

    /** Naive UTC isoformat, microsecond precision. */
    public static String format(Instant instant) {
        long second = instant.getEpochSecond();
        if (second < FIRST_FAST_SECOND || second >= END_FAST_SECOND) {
            return formatSlow(instant);
        }
        int micros = instant.getNano() / 1000;
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(second, 86_400));
        int secondOfDay = (int) Math.floorMod(second, 86_400);
        byte[] out = new byte[micros == 0 ? 19 : 26];
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        if (micros != 0) {
            out[19] = '.';
            digits(out, 20, micros, 6);
        }
        return new String(out, StandardCharsets.US_ASCII);
    }

    static String formatSlow(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        int micros = t.getNano() / 1000;
        String base = SECONDS.format(t);
        return micros == 0 ? base : base + "." + String.format("%06d", micros);
    }

    private static void digits(byte[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * Parses an ISO-8601 date-time as marshmallow's {@code DateTime} field does: with or without an
     * offset ({@code Z} or {@code ±HH:MM}), with or without a fraction. A naive value is UTC.
     */
    public static Instant parse(String text) {
        return parseDetailed(text).instant();
    }

    /** {@link #parse}, also telling whether the text was naive (had no offset). */
    public static Parsed parseDetailed(String text) {
        String t = text.trim();
        Parsed fast = parseFast(t);
        if (fast != null) {
            return fast;
        }
        try {
            return new Parsed(OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant(), false);
        } catch (DateTimeParseException notOffset) {
            return new Parsed(LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC),
                    true);
        }
    }

    /**
     * {@link Instant#parse} (the envelope's {@code time}, written by {@link Instant#toString}), with the
     * fast path for {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z}.
     */
    public static Instant parseInstant(String text) {
        if (!text.isEmpty() && text.charAt(text.length() - 1) == 'Z') {
            Parsed fast = parseFast(text);
            if (fast != null) {
                return fast.instant();
            }
        }
        return Instant.parse(text);
    }

    /** The common shapes by hand; null when the text is anything else (or invalid), for the slow path. */
    static Parsed parseFast(String t) {
        int n = t.length();
        if (n < 19 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':') {
            return null;
        }
        int year = number(t, 0, 4);
        int month = number(t, 5, 2);
        int day = number(t, 8, 2);
        int hour = number(t, 11, 2);
        int minute = number(t, 14, 2);
        int second = number(t, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = 19;
        int nano = 0;
        if (i < n && t.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && isDigit(t.charAt(i))) {
                nano = nano * 10 + (t.charAt(i) - '0');
                i++;
            }
            int width = i - start;
            if (width == 0 || (i < n && isDigit(t.charAt(i)))) {
                return null;
            }
            for (int k = width; k < 9; k++) {
                nano *= 10;
            }
        }
        ZoneOffset offset;
        if (i == n) {
            offset = null;
        } else if (i == n - 1 && t.charAt(i) == 'Z') {
            offset = ZoneOffset.UTC;
        } else if (i == n - 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
            int oh = number(t, i + 1, 2);
            int om = number(t, i + 4, 2);
            if ((oh | om) < 0) {
                return null;
            }
            int sign = t.charAt(i) == '-' ? -1 : 1;
            try {
                offset = ZoneOffset.ofHoursMinutes(sign * oh, sign * om);
            } catch (DateTimeException e) {
                return null;
            }
        } else {
            return null;
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.of(year, month, day, hour, minute, second, nano);
        } catch (DateTimeException e) {
            return null; // let the formatter decide (and word the error)
        }
        return offset == null
                ? new Parsed(local.toInstant(ZoneOffset.UTC), true)
                : new Parsed(local.toInstant(offset), false);
    }

    private static int number(String t, int at, int width) {
        int v = 0;
        for (int i = at; i < at + width; i++) {
            char c = t.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
