package io.csgate.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.body.ValidationException;
import io.csgate.common.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** A request body as JSON: the parse every endpoint with a body shares. */
final class RequestJson {

    /** What a body that could not be read (the client went away mid-body) is answered with. */
    static final ApiException UNREADABLE = new ApiException(400,
            Map.of("_schema", List.of("Could not read the request body.")));

    private RequestJson() {}

    /** The parsed body, null when empty; invalid JSON is a 422. */
    static JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        try {
            return Json.parse(bytes);
        } catch (IOException e) {
            throw new ValidationException(Map.of("_schema", List.of("Invalid JSON: " + firstLine(e.getMessage()))));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
