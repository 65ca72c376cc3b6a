package io.csgate.common.body;

import static io.csgate.common.body.ErrorAssert.assertErrors;
import static io.csgate.common.body.ErrorAssert.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Types, nulls and the input coercions of marshmallow 3. Expected dicts were produced by the
 * reference schemas under marshmallow 3.18 (Debian 12, the version the reference was observed on).
 */
class BodiesCoercionTest {

    static ChannelConfig cfg(String json) {
        return Bodies.channelSettings(json(json));
    }

    @Test
    void wrongTypesEverywhere() {
        assertErrors(() -> Bodies.connect(json("{\"username\": 5, \"channels\": \"abc\", \"info\": 5, "
                        + "\"state_public_keys\": {\"a\": 1}, \"fresh_user_state\": [1], \"channel_configs\": "
                        + "{\"r\": {\"history_size\": -1, \"x\": 1}, \"s\": 5, \"t\": null}}")),
                "{\"username\": [\"Not a valid string.\"], \"channels\": [\"Not a valid list.\"], "
                        + "\"state_public_keys\": [\"Not a valid list.\"], "
                        + "\"fresh_user_state\": [\"Not a valid mapping type.\"], "
                        + "\"channel_configs\": {\"r\": {\"value\": {\"history_size\": "
                        + "[\"Must be greater than or equal to 0.\"], \"x\": [\"Unknown field.\"]}}, "
                        + "\"s\": {\"value\": {\"_schema\": [\"Invalid input type.\"]}}, "
                        + "\"t\": {\"value\": [\"Field may not be null.\"]}}, "
                        + "\"info\": {\"_schema\": [\"Invalid input type.\"]}}");
    }

    @Test
    void nullsAreRejectedUnlessTheDefaultIsNone() {
        assertErrors(() -> Bodies.connect(json("{\"username\": null, \"channels\": null, \"info\": null, "
                        + "\"conn_id\": null, \"user_state\": null, \"state_public_keys\": null}")),
                "{\"username\": [\"Field may not be null.\"], \"conn_id\": [\"Field may not be null.\"], "
                        + "\"channels\": [\"Field may not be null.\"], \"state_public_keys\": [\"Field may not be null.\"], "
                        + "\"user_state\": [\"Field may not be null.\"], \"info\": [\"Field may not be null.\"]}");
        assertThat(Bodies.messages(json("[{\"user\": \"u\", \"channel\": null}]")).get(0).channel()).isNull();
        assertErrors(() -> Bodies.edits(json("[{\"uuid\": \"" + BodiesTest.CONN + "\", \"message\": null, "
                        + "\"user\": null, \"timestamp\": null, \"edited\": null}]")),
                "{\"0\": {\"timestamp\": [\"Field may not be null.\"], \"user\": [\"Field may not be null.\"], "
                        + "\"message\": [\"Field may not be null.\"], \"edited\": [\"Field may not be null.\"]}}");
    }

    @Test
    void nestedListAndInfoErrors() {
        assertErrors(() -> Bodies.connect(json("{\"username\": \"u\", \"channels\": [null, 5, \"\", \"ok\"], "
                        + "\"info\": {\"foo\": 1, \"include_users\": \"maybe\", \"channels\": [\"\"]}}")),
                "{\"channels\": {\"0\": [\"Field may not be null.\"], \"1\": [\"Not a valid string.\"], "
                        + "\"2\": [\"Length must be between 1 and 256.\"]}, \"info\": {\"include_users\": "
                        + "[\"Not a valid boolean.\"], \"channels\": {\"0\": [\"Length must be between 1 and 256.\"]}, "
                        + "\"foo\": [\"Unknown field.\"]}}");
        assertErrors(() -> Bodies.subscribe(json("{\"conn_id\": \"" + BodiesTest.CONN + "\", \"channels\": [\"a\", \"\"], "
                        + "\"info\": {\"include_history\": \"x\"}, \"channel_configs\": {\"a\": {\"salvageable\": true}}}")),
                "{\"channels\": {\"1\": [\"Length must be between 1 and 256.\"]}, \"info\": {\"include_history\": "
                        + "[\"Not a valid boolean.\"]}, \"channel_configs\": {\"a\": {\"value\": {\"salvageable\": "
                        + "[\"Unknown field.\"]}}}}");
        assertErrors(() -> Bodies.info(json("{\"info\": []}")), "{\"info\": {\"_schema\": [\"Invalid input type.\"]}}");
    }

    @Test
    void everyErrorOfAMessageItemIsReported() {
        assertErrors(() -> Bodies.messages(json("[{\"user\": \"\", \"channel\": \"\", \"pm_users\": \"a\", "
                        + "\"exclude_users\": [null], \"no_history\": null, \"uuid\": \"x\", \"timestamp\": [], "
                        + "\"message\": \"hi\"}, {\"user\": \"ok\"}, 5, null]")),
                "{\"0\": {\"pm_users\": [\"Not a valid list.\"], \"exclude_users\": {\"0\": [\"Field may not be null.\"]}, "
                        + "\"channel\": [\"Length must be between 1 and 256.\"], \"no_history\": [\"Field may not be null.\"], "
                        + "\"uuid\": [\"Not a valid UUID.\"], \"timestamp\": [\"Not a valid datetime.\"], "
                        + "\"user\": [\"Length must be between 1 and 512.\"], \"message\": [\"Not a valid mapping type.\"]}, "
                        + "\"2\": {\"_schema\": [\"Invalid input type.\"]}, \"3\": {\"_schema\": [\"Invalid input type.\"]}}");
        assertErrors(() -> Bodies.deletes(json("[{\"uuid\": null, \"channel\": 5}, "
                        + "{\"uuid\": \"" + BodiesTest.CONN + "\", \"message\": {}}]")),
                "{\"0\": {\"channel\": [\"Not a valid string.\"], \"uuid\": [\"Field may not be null.\"]}, "
                        + "\"1\": {\"message\": [\"Unknown field.\"]}}");
        assertErrors(() -> Bodies.userState(json("{\"user\": \"\", \"user_state\": [], \"state_public_keys\": \"x\", "
                        + "\"extra\": 1}")),
                "{\"user\": [\"Length must be between 1 and 512.\"], \"user_state\": [\"Not a valid mapping type.\"], "
                        + "\"state_public_keys\": [\"Not a valid list.\"], \"extra\": [\"Unknown field.\"]}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"x\"", "null", "5"})
    void nonObjectBodies(String body) {
        assertErrors(() -> Bodies.connect(json(body)), "{\"_schema\": [\"Invalid input type.\"]}");
        assertErrors(() -> Bodies.subscribe(json(body)), "{\"_schema\": [\"Invalid input type.\"]}");
        assertErrors(() -> Bodies.connect(null), "{\"_schema\": [\"Invalid input type.\"]}");
        assertErrors(() -> Bodies.messages(null), "{\"_schema\": [\"Invalid input type.\"]}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "true|true", "false|false", "'\"t\"'|true", "'\"True\"'|true", "'\"TRUE\"'|true", "'\"on\"'|true",
        "'\"On\"'|true", "'\"ON\"'|true", "'\"y\"'|true", "'\"Y\"'|true", "'\"yes\"'|true", "'\"Yes\"'|true",
        "'\"YES\"'|true", "'\"1\"'|true", "1|true", "1.0|true", "'\"f\"'|false", "'\"False\"'|false",
        "'\"off\"'|false", "'\"OFF\"'|false", "'\"n\"'|false", "'\"NO\"'|false", "'\"0\"'|false", "0|false",
        "0.0|false", "-0.0|false"})
    void booleansAcceptMarshmallowsTruthyAndFalsy(String value, boolean expected) {
        assertThat(cfg("{\"notify_presence\": " + value + "}").notifyPresence()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "0.5", "\"maybe\"", "\" true\"", "\"\"", "{}", "[]", "\"tRue\""})
    void otherBooleans(String value) {
        assertErrors(() -> cfg("{\"store_frames\": " + value + "}"), "{\"store_frames\": [\"Not a valid boolean.\"]}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "5|5", "'\"5\"'|5", "5.9|5", "-0.5|0", "'\" 1_0 \"'|10", "'\"+7\"'|7", "'\"\u0663\"'|3",
        "0.9999999999999999999|1", "100000000000000000000000|2147483647", "1e300|2147483647"})
    void integersCoerceLikePythonInt(String value, int expected) {
        assertThat(cfg("{\"history_size\": " + value + "}").historySize()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'\"1.5\"'|Not a valid integer.", "true|Not a valid integer.", "'[]'|Not a valid integer.",
        "'\"\"'|Not a valid integer.", "'\"1__0\"'|Not a valid integer.", "1e400|Number too large.",
        "-1|Must be greater than or equal to 0.", "'\"-3\"'|Must be greater than or equal to 0."})
    void badIntegers(String value, String message) {
        assertErrors(() -> cfg("{\"history_size\": " + value + "}"), "{\"history_size\": [\"" + message + "\"]}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678-1234-5678-1234-56781234567a", "1234567812345678123456781234567A", "{12345678-1234-5678-1234-56781234567A}",
        "{{1234567812345678123456781234567a}}", "urn:uuid:12345678-1234-5678-1234-56781234567a", "1234-5678-1234-5678-1234-5678-1234-567A"})
    void uuidsAcceptWhatPythonUuidAccepts(String text) {
        assertThat(Bodies.disconnect(json("{\"conn_id\": \"" + text + "\"}")).connId())
                .isEqualTo(UUID.fromString("12345678-1234-5678-1234-56781234567a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "\"\"", "\"1234567g-1234-5678-1234-567812345678\"", "\"12345678123456781234567812345678A\"",
        "\"12345678-1234-5678-1234-5678123456789\"", "[]", "true"})
    void badUuids(String value) {
        assertErrors(() -> Bodies.connect(json("{\"username\": \"u\", \"conn_id\": " + value + "}")),
                "{\"conn_id\": [\"Not a valid UUID.\"]}");
    }

    @Test
    void lengthsCountCodePoints() {
        String emoji = "\uD83D\uDE00";
        assertThat(Bodies.connect(json("{\"username\": \"" + emoji.repeat(512) + "\"}")).username()).hasSize(1024);
        assertErrors(() -> Bodies.connect(json("{\"username\": \"" + "x".repeat(513) + "\"}")),
                "{\"username\": [\"Length must be between 1 and 512.\"]}");
        assertThat(Bodies.connect(json("{\"username\": \"u\", \"channels\": [\"" + "c".repeat(256) + "\"]}"))
                .channels()).hasSize(1);
        assertErrors(() -> Bodies.connect(json("{\"username\": \"u\", \"channels\": [\"" + "c".repeat(257) + "\"]}")),
                "{\"channels\": {\"0\": [\"Length must be between 1 and 256.\"]}}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2024-01-02T03:04:05|2024-01-02T03:04:05",
        "2024-01-02T03:04:05.000000|2024-01-02T03:04:05",
        "2024-01-02T03:04:05.5|2024-01-02T03:04:05.500000",
        "2024-01-02T03:04:05.123456789|2024-01-02T03:04:05.123456",
        "2024-01-02T03:04|2024-01-02T03:04:00",
        "2024-01-02T03:04:05Z|2024-01-02T03:04:05+00:00",
        "2024-01-02T03:04:05.25+00:00|2024-01-02T03:04:05.250000+00:00",
        "2024-01-02T01:04:05+02:00|2024-01-01T23:04:05+00:00",
        "2024-01-02T03:04:05-01:30|2024-01-02T04:34:05+00:00"})
    void timestampsAreReEmittedAsTheReferenceAnswersThem(String input, String expected) {
        assertThat(Bodies.normalizeTimestamp(input)).isEqualTo(expected);
        assertThat(Bodies.messages(json("[{\"user\": \"u\", \"timestamp\": \"" + input + "\"}]")).get(0).timestamp())
                .isEqualTo(expected);
        assertThat(Bodies.edits(json("[{\"uuid\": \"" + BodiesTest.CONN + "\", \"edited\": \"" + input + "\"}]"))
                .get(0).edited()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"yesterday\"", "5", "[]", "{}", "true", "\"2024-13-01T00:00:00\""})
    void badTimestamps(String value) {
        assertErrors(() -> Bodies.messages(json("[{\"user\": \"u\", \"timestamp\": " + value + "}]")),
                "{\"0\": {\"timestamp\": [\"Not a valid datetime.\"]}}");
        assertThatThrownBy(() -> Bodies.normalizeTimestamp("yesterday")).isInstanceOf(DateTimeException.class);
    }
}
