package io.csgate.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written paths against the JDK: formatting against the formatter, parseInstant against Instant.parse. */
class IsoTimeAgainstJdkTest {

    /** What format wrote before it was done by hand. */
    private static String withFormatter(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        String base = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").format(t);
        int micros = t.getNano() / 1000;
        return micros == 0 ? base : base + "." + String.format("%06d", micros);
    }

    @Test
    void writesPythonIsoformatWithoutAZeroFraction() {
        assertThat(IsoTime.format(Instant.parse("2024-03-05T07:08:09Z"))).isEqualTo("2024-03-05T07:08:09");
        assertThat(IsoTime.format(Instant.parse("2024-03-05T07:08:09.000120Z")))
                .isEqualTo("2024-03-05T07:08:09.000120");
        assertThat(IsoTime.format(Instant.parse("2024-03-05T07:08:09.000000999Z"))).isEqualTo("2024-03-05T07:08:09");
        assertThat(IsoTime.format(Instant.parse("0001-01-01T00:00:00.5Z"))).isEqualTo("0001-01-01T00:00:00.500000");
    }

    @Test
    void agreesWithTheFormatterEverywhere() {
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(r.nextLong(-62_167_219_200L, 253_402_300_799L + 86_400L * 365 * 3),
                    r.nextInt(3) == 0 ? 0 : r.nextInt(1_000_000_000));
            assertThat(IsoTime.format(t)).as("%s", t).isEqualTo(withFormatter(t));
        }
        for (Instant t : new Instant[] {Instant.EPOCH, Instant.parse("9999-12-31T23:59:59.999999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59.25Z")}) {
            assertThat(IsoTime.format(t)).as("%s", t).isEqualTo(withFormatter(t));
        }
    }

    @Test
    void parseInstantAgreesWithInstantParse() {
        Random r = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(r.nextLong(-62_167_219_200L, 253_402_300_799L),
                    switch (r.nextInt(4)) {
                        case 0 -> 0;
                        case 1 -> r.nextInt(1000) * 1_000_000;
                        case 2 -> r.nextInt(1_000_000) * 1000;
                        default -> r.nextInt(1_000_000_000);
                    });
            assertThat(IsoTime.parseInstant(t.toString())).isEqualTo(t);
        }
        for (String text : new String[] {"2026-11-29T10:36:28Z", "2026-11-29T10:36:28.5Z", "2024-02-29T00:00:00Z",
                "2026-11-29T10:36:28.123456789Z", "0000-01-01T00:00:00Z", "+12026-01-01T00:00:00Z",
                "2026-12-31T23:59:60Z", "2026-11-29t10:36:28Z", "2026-11-29T10:36:28.Z",
                "2026-11-29T10:36:28.1234567890Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
                "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-01-00T00:00:00Z", "2026-01-01T24:00:00Z",
                "2026-01-01T00:60:00Z", "2026-01-01T00:00:61Z", "2026-01-01T0a:00:00Z", "2026-1-01T00:00:00Z",
                "2026-01-01T00:00:00+01:00", "2026-01-01T00:00:00", "2026-01-01T00:00:00.12a4Z", ""}) {
            Object expected;
            try {
                expected = Instant.parse(text);
            } catch (RuntimeException e) {
                expected = e.getClass();
            }
            Object got;
            try {
                got = IsoTime.parseInstant(text);
            } catch (RuntimeException e) {
                got = e.getClass();
            }
            assertThat(got).as(text).isEqualTo(expected);
        }
    }
}
