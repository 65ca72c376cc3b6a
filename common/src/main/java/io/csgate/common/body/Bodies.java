package io.csgate.common.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.csgate.common.event.Op;
import io.csgate.common.json.Json;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Validates the JSON bodies of the Channelstream API and turns them into the records of this
 * package. Stateless and thread-safe.
 *
 * <p>Every method either returns a fully defaulted record or throws {@link ValidationException}
 * whose {@link ValidationException#errors() errors()} is exactly the error dict marshmallow 3
 * produces for the reference schema (docs/protocol.md §3): all failing fields of a body are reported,
 * wrong types and nulls with marshmallow's messages, unknown keys with "Unknown field." (except in
 * {@code POST}/{@code PATCH /message} items, whose extra keys are kept). A Java {@code null} or
 * missing body counts as JSON {@code null}, which every body but {@code /info}'s rejects with
 * {@code {"_schema": ["Invalid input type."]}}.
 *
 * <p>Checks against server state ("Unknown connection", "Unknown user") are not made here.
 * Returned lists and maps are unmodifiable; maps keep request order; state values are plain Java
 * values ({@link io.csgate.common.json.Json#plain}).
 */
public final class Bodies {

    private Bodies() {}

    /** {@code POST /connect}. */
    public static ConnectBody connect(JsonNode body) {
        return load(body, Schemas::connect);
    }

    /**
     * {@code POST /subscribe} and {@code /unsubscribe} ({@code channel_configs} is validated for
     * both). The reference fills a {@code conn_id} absent from the body from the query string, and
     * with JSON null when the query has none either ("Field may not be null."): the HTTP layer
     * does that before calling this; an absent key here is "Missing data for required field.".
     */
    public static SubscribeBody subscribe(JsonNode body) {
        return load(body, Schemas::subscribe);
    }

    /** {@code POST /user_state}. */
    public static UserStateBody userState(JsonNode body) {
        return load(body, Schemas::userState);
    }

    /** {@code POST /message}: a JSON array; item errors are keyed by index. */
    public static List<MessageItem> messages(JsonNode body) {
        return loadMany(body, MessageSchemas::post);
    }

    /** {@code PATCH /message}: a JSON array; item errors are keyed by index. */
    public static List<MessageEditItem> edits(JsonNode body) {
        return loadMany(body, MessageSchemas::edit);
    }

    /** {@code DELETE /message}: a JSON array; item errors are keyed by index. */
    public static List<MessageDeleteItem> deletes(JsonNode body) {
        return loadMany(body, MessageSchemas::delete);
    }

    /**
     * {@code POST /channel_config}: channel name to config. Configs are validated in request order
     * and the first invalid one fails the request with its own errors, not nested under the
     * channel name (docs/protocol.md §5.8). Unlike the reference, channel names are held to the length
     * of channel names everywhere else (1 to 256): a bad one fails the request with
     * {@code {"<name>": {"key": ["Length must be between 1 and 256."]}}}, marshmallow's shape for a
     * dict key.
     */
    public static ChannelConfigBody channelConfig(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ValidationException(ErrorText.invalidInputType());
        }
        Unencodable.check(body);
        Map<String, ChannelConfig> configs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                Schemas.CHANNEL.convert(Json.mapper().getNodeFactory().textNode(e.getKey()));
            } catch (FieldError error) {
                throw new ValidationException(Map.of(e.getKey(), Map.of("key", error.messages())));
            }
            configs.put(e.getKey(), channelSettings(e.getValue()));
        }
        return new ChannelConfigBody(Collections.unmodifiableMap(configs));
    }

    /** One ChannelConfig object, all six settings filled in (docs/protocol.md §4.1). */
    public static ChannelConfig channelSettings(JsonNode cfg) {
        return load(cfg, Schemas::channelConfig);
    }

    /**
     * {@code /info}: a Java null, missing or JSON null body (the HTTP layer's "empty body") gives
     * {@link InfoResolution#DEFAULTS}; anything else must be {@code {"info": InfoResolution}}.
     */
    public static InfoResolution info(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            return InfoResolution.DEFAULTS;
        }
        return load(body, Schemas::infoBody);
    }

    /**
     * {@code /disconnect} with a JSON body. Like the reference view, only {@code conn_id} is read
     * (other keys are ignored) and an absent {@code conn_id} is "Field may not be null.".
     */
    public static DisconnectBody disconnect(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ValidationException(ErrorText.invalidInputType());
        }
        Unencodable.check(body);
        ObjectNode only = JsonNodeFactory.instance.objectNode();
        only.set("conn_id", body.has("conn_id") ? body.get("conn_id") : NullNode.instance);
        return load(only, Schemas::disconnect);
    }

    /**
     * The reference's re-emitted form of a {@code timestamp} or {@code edited} value: naive input
     * as naive isoformat ({@code 2024-01-02T03:04:05.123456}, fraction dropped when zero), input
     * with an offset converted to UTC and written with {@code +00:00}.
     *
     * @throws DateTimeException when {@code text} is not an ISO-8601 date-time
     */
    public static String normalizeTimestamp(String text) {
        return Scalars.normalizeTimestamp(text);
    }

    /**
     * Validates any API op's body (for the log applier and the CLI's {@code --dry-run}).
     *
     * @return {@link ConnectBody}, {@link SubscribeBody} (also for UNSUBSCRIBE), {@link DisconnectBody},
     *     {@link UserStateBody}, {@link ChannelConfigBody}, {@code List<MessageItem>},
     *     {@code List<MessageEditItem>}, {@code List<MessageDeleteItem>}; for SOCKET_ATTACHED
     *     ({@code {"conn_id": uuid}}, no other key) a {@link DisconnectBody}; for GATEWAY_HEARTBEAT
     *     ({@code {}}) null; for GATEWAY_DOWN ({@code {"gateway_id": "..."}}) the gateway id
     * @throws ValidationException with marshmallow-shaped errors
     */
    public static Object validate(Op op, JsonNode body) {
        return switch (op) {
            case CONNECT -> connect(body);
            case SUBSCRIBE, UNSUBSCRIBE -> subscribe(body);
            case DISCONNECT -> disconnect(body);
            case USER_STATE -> userState(body);
            case CHANNEL_CONFIG -> channelConfig(body);
            case MESSAGE -> messages(body);
            case MESSAGE_EDIT -> edits(body);
            case MESSAGE_DELETE -> deletes(body);
            case SOCKET_ATTACHED -> load(body, Schemas::disconnect);
            case GATEWAY_HEARTBEAT -> load(body, Schemas::empty);
            case GATEWAY_DOWN -> load(body, Schemas::gatewayDown);
            case USERS_EXPIRED -> load(body, Schemas::usersExpired);
            case ADMIN_SIGNED_OUT -> load(body, Schemas::adminSignedOut);
        };
    }

    private static <T> T load(JsonNode body, Function<FieldReader, T> schema) {
        Unencodable.check(body);
        try {
            return FieldReader.schema(schema).convert(orNull(body));
        } catch (FieldError e) {
            throw new ValidationException(e.dict());
        }
    }

    /** marshmallow's {@code many=True}: a list of objects, errors keyed by item index. */
    private static <T> List<T> loadMany(JsonNode body, Function<FieldReader, T> schema) {
        if (body == null || !body.isArray()) {
            throw new ValidationException(ErrorText.invalidInputType());
        }
        Unencodable.check(body);
        Conversion<T> item = FieldReader.schema(schema);
        List<T> out = new ArrayList<>(body.size());
        Map<String, Object> errors = new LinkedHashMap<>();
        for (int i = 0; i < body.size(); i++) {
            try {
                out.add(item.convert(body.get(i)));
            } catch (FieldError e) {
                errors.put(Integer.toString(i), e.messages());
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return List.copyOf(out);
    }

    private static JsonNode orNull(JsonNode body) {
        return body == null || body.isMissingNode() ? NullNode.instance : body;
    }
}
