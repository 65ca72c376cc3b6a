package io.csgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.csgate.common.sign.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** accepted_secrets, producer_keys, producer_keys_file and record_time_window. */
class SigningKeysConfigTest {

    private final ConfigLoader loader = ConfigFixtures.loader();

    @Test
    void everyRecordKeyInTheOrderTheyAreTried(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("keys"), "# comment\n\n  ; another\npayroll:p@ss@2025-04-01T10:00:00Z\n");
        GatewayConfig c = loader.readValues(Map.of("secret", "now", "accepted_secrets", "next,old@2025-03-01T00:00:00Z",
                "producer_keys", "billing:b@x", "producer_keys_file", file.toString()));

        assertThat(c.recordKeys()).containsExactly(SigningKey.shared("now"), SigningKey.shared("next"),
                new SigningKey(null, "old", Instant.parse("2025-03-01T00:00:00Z")),
                new SigningKey("billing", "b@x", null),
                new SigningKey("payroll", "p@ss", Instant.parse("2025-04-01T10:00:00Z")));
        assertThat(c.apiSecrets()).extracting(SigningKey::secret).containsExactly("now", "next", "old");
    }

    @Test
    void theTimeWindowIsFiveMinutesByDefaultAndZeroTurnsItOff() {
        assertThat(loader.readValues(Map.of()).recordTimeWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(loader.readValues(Map.of("record_time_window", "0")).recordTimeWindow()).isZero();
        assertThat(loader.readValues(Map.of("record_time_window", "1.5")).recordTimeWindow())
                .isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> loader.readValues(Map.of("record_time_window", "-1")))
                .hasMessageContaining("'record_time_window'").hasMessageContaining("must be greater than 0");
    }

    @ParameterizedTest(name = "{0} = \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "accepted_secrets | t0p-s3cret@2025-13-01T00:00:00Z | item 1: the retirement time after '@' is not an ISO-8601 instant",
        "accepted_secrets | ok, @2025-03-01T00:00:00Z       | item 2: the secret is empty",
        "producer_keys    | t0p-s3cret                      | item 1 is not NAME:SECRET or NAME:SECRET@INSTANT",
        "producer_keys    | bad/name:t0p-s3cret             | the key name \"bad/name\" may only hold",
        "producer_keys    | a:t0p-s3cret, a:other           | two producer keys are named 'a'",
        "producer_keys    | a:                              | item 1 (key 'a'): the secret is empty",
    })
    void badKeysStopTheStartWithoutShowingASecret(String key, String value, String reason) {
        assertThatThrownBy(() -> loader.readValues(Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid value for '" + key + "'")
                .hasMessageContaining(reason)
                .hasMessageNotContaining("t0p-s3cret");
    }

    @Test
    void aBadKeysFileNamesTheFileAndLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("keys"), "a:1\nnot-a-key\n");
        assertThatThrownBy(() -> loader.readValues(Map.of("producer_keys_file", file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'producer_keys_file'").hasMessageContaining(file + " line 2");
        assertThatThrownBy(() -> loader.readValues(Map.of("producer_keys_file", dir.resolve("none").toString())))
                .hasMessageContaining("cannot be read");
        Path dup = Files.writeString(dir.resolve("dup"), "a:1\n");
        GatewayConfig c = loader.readValues(Map.of("producer_keys", "a:2", "producer_keys_file", dup.toString()));
        assertThatThrownBy(c::recordKeys).hasMessageContaining("'a' is also in producer_keys");
    }

    @Test
    void keysAreMaskedAndWrittenBackByTheTemplate() {
        String ini = ConfigTemplate.render(Map.of("producer_keys", "billing:b1ll, reports:r3p@2025-02-01T00:00:00Z"),
                w -> { });
        assertThat(ini).contains("producer_keys = billing:b1ll,", "reports:r3p@2025-02-01T00:00:00Z");
        GatewayConfig c = loader.readValues(Map.of("producer_keys", "billing:b1ll"));
        assertThat(c.describe()).contains("producer_keys = ****", "accepted_secrets =\n").doesNotContain("b1ll");
        assertThat(c.producerKeys()).containsExactly(new SigningKey("billing", "b1ll", null));
        assertThat(List.of(c.toString())).noneMatch(s -> s.contains("b1ll"));
    }
}
