package io.csgate.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoTimeTest {

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
}
