package io.csgate.ingest.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.csgate.common.json.Json;
import io.csgate.ingest.IngestException;
import io.csgate.ingest.input.JsonSyntax;
import java.util.List;

/** Option values turned into the JSON of a REST body. */
final class JsonArgs {

    private JsonArgs() {}

    /** The JSON text of option {@code option}; anything else is a bad option value (usage). */
    static JsonNode parse(String option, String text) {
        try {
            JsonNode node = Json.parse(text);
            if (node == null || node.isMissingNode()) {
                throw IngestException.usage(option + ": empty, expected JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw IngestException.usage(option + ": not JSON: " + JsonSyntax.problem(text));
        }
    }

    /** A JSON array of strings; empty items (from {@code --opt=}) are left out, so an empty value clears. */
    static ArrayNode strings(List<String> values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        values.stream().filter(v -> !v.isEmpty()).forEach(a::add);
        return a;
    }
}
