package io.csgate.common.body;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The reference's marshmallow schemas ({@code channelstream/validation/schemas.py} at 0.7.1),
 * field for field and in declaration order, minus the checks that need server state
 * ("Unknown connection", "Unknown user"). Defaults follow the records' javadoc where it
 * deliberately differs from the reference (e.g. {@code state_public_keys} of connect).
 */
final class Schemas {

    static final Conversion<String> USER = Scalars.string(1, 512);
    static final Conversion<String> CHANNEL = Scalars.string(1, 256);
    static final Conversion<List<String>> USERS = Containers.list(USER);
    static final Conversion<List<String>> CHANNELS = Containers.list(CHANNEL);
    /** The public-key list items are 1..256. */
    static final Conversion<List<String>> PUBLIC_KEYS = Containers.list(Scalars.string(1, 256));
    /**
     * State keys: at most 256, like the public keys that name them (ours: the reference does not
     * check them, and every key is kept with its user).
     */
    static final Conversion<Map<String, Object>> STATE =
            Containers.mapping(Scalars.string(0, 256), Scalars.STATE_VALUE, true);

    static final Conversion<ChannelConfig> CHANNEL_CONFIG = FieldReader.schema(Schemas::channelConfig);
    /** Channel names as keys are held to the length of channel names (ours: the reference does not check them). */
    static final Conversion<Map<String, ChannelConfig>> CHANNEL_CONFIGS =
            Containers.mapping(CHANNEL, CHANNEL_CONFIG, false);
    static final Conversion<InfoResolution> INFO = FieldReader.schema(Schemas::info);

    private Schemas() {}

    static ChannelConfig channelConfig(FieldReader r) {
        ChannelConfig d = ChannelConfig.DEFAULTS;
        Boolean notifyPresence = r.optional("notify_presence", Scalars.BOOL, d.notifyPresence());
        Boolean storeHistory = r.optional("store_history", Scalars.BOOL, d.storeHistory());
        Integer historySize = r.optional("history_size", Scalars.integer(0), d.historySize());
        Boolean withUserLists = r.optional(
                "broadcast_presence_with_user_lists", Scalars.BOOL, d.broadcastPresenceWithUserLists());
        Boolean notifyState = r.optional("notify_state", Scalars.BOOL, d.notifyState());
        Boolean storeFrames = r.optional("store_frames", Scalars.BOOL, d.storeFrames());
        r.done();
        return new ChannelConfig(notifyPresence, storeHistory, historySize, withUserLists, notifyState, storeFrames);
    }

    static InfoResolution info(FieldReader r) {
        InfoResolution d = InfoResolution.DEFAULTS;
        Boolean includeHistory = r.optional("include_history", Scalars.BOOL, d.includeHistory());
        Boolean includeUsers = r.optional("include_users", Scalars.BOOL, d.includeUsers());
        List<String> channels = r.optional("channels", CHANNELS, d.channels());
        List<String> excludeChannels = r.optional("exclude_channels", CHANNELS, d.excludeChannels());
        Boolean includeConnections = r.optional("include_connections", Scalars.BOOL, d.includeConnections());
        Boolean returnPublicState = r.optional("return_public_state", Scalars.BOOL, d.returnPublicState());
        r.done();
        return new InfoResolution(
                includeHistory, includeUsers, channels, excludeChannels, includeConnections, returnPublicState);
    }

    /** {@code ChannelInfoBodySchema}: the non-empty body of {@code /info}. */
    static InfoResolution infoBody(FieldReader r) {
        InfoResolution info = r.required("info", INFO);
        r.done();
        return info;
    }

    static ConnectBody connect(FieldReader r) {
        String username = r.required("username", USER);
        UUID connId = r.optional("conn_id", Scalars.UUID, null);
        List<String> channels = r.optional("channels", CHANNELS, List.of());
        // null when omitted (docs/protocol.md §14 #2); JSON null is still an error, as in the reference
        List<String> publicKeys = r.optional("state_public_keys", PUBLIC_KEYS, null);
        Map<String, Object> freshState = r.optional("fresh_user_state", STATE, Map.of());
        Map<String, Object> userState = r.optional("user_state", STATE, Map.of());
        Map<String, ChannelConfig> configs = r.optional("channel_configs", CHANNEL_CONFIGS, Map.of());
        InfoResolution info = r.optional("info", INFO, InfoResolution.DEFAULTS);
        // ours: never an error, so that a client can always send the last position it saw
        String resumeFrom = r.nullable("resume_from", node -> node.isTextual()
                && node.textValue().length() <= ConnectBody.MAX_RESUME_FROM ? node.textValue() : "", null);
        r.done();
        return new ConnectBody(username, connId, channels, publicKeys, freshState, userState, configs, info,
                resumeFrom);
    }

    static SubscribeBody subscribe(FieldReader r) {
        UUID connId = r.required("conn_id", Scalars.UUID);
        List<String> channels = r.required("channels", Containers.list(CHANNEL, 1));
        InfoResolution info = r.optional("info", INFO, InfoResolution.DEFAULTS);
        Map<String, ChannelConfig> configs = r.optional("channel_configs", CHANNEL_CONFIGS, Map.of());
        r.done();
        return new SubscribeBody(connId, channels, configs, info);
    }

    static UserStateBody userState(FieldReader r) {
        String user = r.required("user", USER);
        Map<String, Object> state = r.optional("user_state", STATE, Map.of());
        List<String> publicKeys = r.nullable("state_public_keys", PUBLIC_KEYS, null);
        r.done();
        return new UserStateBody(user, state, publicKeys);
    }

    static DisconnectBody disconnect(FieldReader r) {
        UUID connId = r.required("conn_id", Scalars.UUID);
        r.done();
        return new DisconnectBody(connId);
    }

    /** {@code GATEWAY_HEARTBEAT}: an empty object. */
    static Void empty(FieldReader r) {
        r.done();
        return null;
    }

    /** {@code GATEWAY_DOWN}: {@code {"gateway_id": "<1 to 64 characters>"}}, as {@code gateway_id} settings are. */
    static String gatewayDown(FieldReader r) {
        String gatewayId = r.required("gateway_id", Scalars.string(1, 64));
        r.done();
        return gatewayId;
    }

    /** {@code ADMIN_SIGNED_OUT}: {@code {"session": "<id>", "expires": "<ISO-8601 instant>"}}. */
    static AdminSignedOutBody adminSignedOut(FieldReader r) {
        String session = r.required("session", Scalars.string(1, AdminSignedOutBody.MAX_SESSION_LENGTH));
        String expires = r.required("expires", Scalars.string(1, 64));
        r.done();
        try {
            return new AdminSignedOutBody(session, Instant.parse(expires));
        } catch (DateTimeParseException e) {
            throw ValidationException.field("expires", "Not a valid datetime.");
        }
    }

    /** {@code USERS_EXPIRED}: {@code {"users": [...], "idle_before": "<ISO-8601 instant>"}}. */
    static UsersExpiredBody usersExpired(FieldReader r) {
        List<String> users = r.required("users", USERS);
        String idleBefore = r.required("idle_before", Scalars.string(1, 64));
        r.done();
        try {
            return new UsersExpiredBody(users, Instant.parse(idleBefore));
        } catch (DateTimeParseException e) {
            throw ValidationException.field("idle_before", "Not a valid datetime.");
        }
    }
}
