package io.csgate.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written paths must agree with the {@link DateTimeFormatter} ones they shortcut. */
class IsoTimeTest {

    @Test
    void formatsLikeTheFormatter() {
        assertEquals("2024-01-02T03:04:05.123456", IsoTime.format(Instant.parse("2024-01-02T03:04:05.123456789Z")));
        assertEquals("2024-01-02T03:04:05", IsoTime.format(Instant.parse("2024-01-02T03:04:05.000000999Z")));
        assertEquals("0000-01-01T00:00:00", IsoTime.format(Instant.parse("0000-01-01T00:00:00Z")));
        assertEquals("+10000-01-01T00:00:00", IsoTime.format(Instant.parse("+10000-01-01T00:00:00Z")));
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 260_000_000_000L),
                    random.nextInt(3) == 0 ? 0 : random.nextInt(1_000_000_000));
            assertEquals(IsoTime.formatSlow(t), IsoTime.format(t), t.toString());
        }
    }

    @Test
    void parsesLikeTheFormatter() {
        Random random = new Random(11);
        String[] tails = {"", "Z", "z", "+00:00", "-00:00", "+05:30", "-18:00", "+18:01", "+19:00", "+01:00:00",
            "+1:00", "+0100", "X", " "};
        String[] fractions = {"", ".", ".1", ".12", ".123456", ".123456789", ".1234567890", ".12a"};
        for (int i = 0; i < 200_000; i++) {
            String text = String.format("%04d-%02d-%02d%s%02d:%02d:%02d%s%s",
                    random.nextInt(10) == 0 ? random.nextInt(100_000) : 1900 + random.nextInt(200),
                    random.nextInt(14), random.nextInt(33), random.nextInt(20) == 0 ? "t" : "T",
                    random.nextInt(26), random.nextInt(61), random.nextInt(62),
                    fractions[random.nextInt(fractions.length)], tails[random.nextInt(tails.length)]);
            if (random.nextInt(30) == 0) {
                text = " " + text.substring(0, random.nextInt(text.length())) + " ";
            }
            assertSame(text);
        }
        for (String text : new String[] {"2024-02-29T10:00:00", "2023-02-29T10:00:00", "2024-01-01T24:00:00",
            "2024-01-01T10:00", "2024-01-01 10:00:00", "+2024-01-01T10:00:00", "", "garbage"}) {
            assertSame(text);
        }
    }

    @Test
    void parsesInstantsLikeInstantParse() {
        Random random = new Random(13);
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 260_000_000_000L),
                    random.nextInt(1_000_000_000));
            assertEquals(t, IsoTime.parseInstant(t.toString()));
        }
        assertEquals(Instant.parse("2024-12-31T23:59:60Z"), IsoTime.parseInstant("2024-12-31T23:59:60Z"));
        assertThrows(DateTimeParseException.class, () -> IsoTime.parseInstant("2024-13-01T00:00:00Z"));
    }

    private static void assertSame(String text) {
        Object expected;
        try {
            expected = slowParse(text);
        } catch (DateTimeException e) {
            expected = "invalid";
        }
        Object actual;
        try {
            actual = IsoTime.parseDetailed(text);
        } catch (DateTimeException e) {
            actual = "invalid";
        }
        assertEquals(expected, actual, text);
    }

    /** The implementation before the fast path. */
    private static IsoTime.Parsed slowParse(String text) {
        String t = text.trim();
        try {
            return new IsoTime.Parsed(OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant(), false);
        } catch (DateTimeParseException notOffset) {
            return new IsoTime.Parsed(LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                    .toInstant(ZoneOffset.UTC), true);
        }
    }
}
