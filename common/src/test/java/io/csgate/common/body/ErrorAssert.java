package io.csgate.common.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.json.Json;
import java.io.UncheckedIOException;
import java.util.Map;

/** Parsing and error-dict assertions shared by the body tests. */
final class ErrorAssert {

    private ErrorAssert() {}

    static JsonNode json(String text) {
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> errorsOf(Runnable call) {
        try {
            call.run();
        } catch (ValidationException e) {
            return e.errors();
        }
        return fail("expected a ValidationException");
    }

    /**
     * The call fails with exactly {@code expected}: the same JSON value, and the same compact text
     * (so also the same key order as {@code expected} is written in).
     */
    static void assertErrors(Runnable call, String expected) {
        String actual = Json.text(errorsOf(call));
        assertThat(json(actual)).as(actual).isEqualTo(json(expected));
        assertThat(actual).isEqualTo(Json.text(json(expected)));
    }
}
