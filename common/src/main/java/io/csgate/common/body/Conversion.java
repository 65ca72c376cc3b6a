package io.csgate.common.body;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns one JSON value into a Java value, like a marshmallow field's {@code _deserialize} plus
 * its validators. Never sees JSON {@code null}: the caller applies the field's null policy first.
 */
@FunctionalInterface
interface Conversion<T> {

    /** @throws FieldError with marshmallow's messages for this value */
    T convert(JsonNode value);
}
