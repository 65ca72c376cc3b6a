package io.csgate.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class OptionsTest {

    @Test
    void parsesDurations() {
        assertThat(DurationConverter.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> DurationConverter.parse("soon")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> DurationConverter.parse("-1s")).isInstanceOf(TypeConversionException.class);
    }

    @Test
    void acceptsOnlyLoopbackTargets() {
        Target t = Target.parse("http://127.0.0.1:18000/");
        assertThat(t.port()).isEqualTo(18000);
        assertThat(t.address().isLoopbackAddress()).isTrue();
        assertThat(t.url("/connect")).isEqualTo("http://127.0.0.1:18000/connect");
        assertThat(Target.parse("http://localhost:8000").hostHeader()).isEqualTo("localhost:8000");
        assertThat(Target.parse("http://[::1]:8000").address().isLoopbackAddress()).isTrue();
        assertThat(Target.parse("http://127.3.4.5:9").address().isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> Target.parse("http://8.8.8.8:80")).hasMessageContaining("not a loopback address");
        assertThatThrownBy(() -> Target.parse("https://127.0.0.1:8000")).hasMessageContaining("http://");
        assertThatThrownBy(() -> Target.parse("http://127.0.0.1:8000/api")).hasMessageContaining("path");
        assertThatThrownBy(() -> Target.checkBootstrap("127.0.0.1:9092,10.0.0.1:9092"))
                .hasMessageContaining("not a loopback address");
        assertThat(Target.checkBootstrap("localhost:9092")).isEqualTo("localhost:9092");
    }

    @Test
    void limitsNameTheOption() {
        assertThatThrownBy(() -> Limits.check("--rate", 0, 1, 10)).hasMessage("--rate must be between 1 and 10, got 0");
        assertThatThrownBy(() -> Limits.check("--duration", Duration.ofHours(1), Duration.ZERO, Limits.MAX_DURATION))
                .hasMessageContaining("--duration must be between 0s and 600s");
    }

    @Test
    void deadlineCapsWaits() {
        Deadline d = Deadline.after(Duration.ofSeconds(2));
        assertThat(d.cap(Duration.ofMinutes(1))).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(d.cap(Duration.ofMillis(5))).isEqualTo(Duration.ofMillis(5));
        Deadline past = Deadline.after(Duration.ZERO);
        assertThat(past.expired()).isTrue();
        assertThat(past.capMillis(Duration.ofSeconds(5))).isEqualTo(1);
        assertThatThrownBy(() -> past.check("testing")).isInstanceOf(DeadlineExceededException.class)
                .hasMessage("deadline reached while testing");
    }
}
