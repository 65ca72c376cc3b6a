package io.csgate.common.body;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The item schemas of {@code POST}, {@code PATCH} and {@code DELETE /message}: the reference's
 * {@code PayloadDeliveryInfo} fields first, then the message fields, in declaration order.
 */
final class MessageSchemas {

    /**
     * Extras never kept for POST: {@code type} is overwritten with "message" on delivery, and
     * {@code edited} is overwritten with null by the reference's post_load.
     */
    private static final Set<String> POST_DROPPED = Set.of("type", "edited");
    /** {@code type} is overwritten with "message:edit" on delivery. */
    private static final Set<String> PATCH_DROPPED = Set.of("type");

    private MessageSchemas() {}

    /** Delivery fields shared by the three item schemas ({@code PayloadDeliveryInfo}). */
    private record Delivery(List<String> pmUsers, List<String> excludeUsers, String channel, Boolean noHistory) {

        static Delivery read(FieldReader r) {
            return new Delivery(
                    r.optional("pm_users", Schemas.USERS, List.of()),
                    r.optional("exclude_users", Schemas.USERS, List.of()),
                    r.nullable("channel", Schemas.CHANNEL, null),
                    r.optional("no_history", Scalars.BOOL, false));
        }
    }

    static MessageItem post(FieldReader r) {
        Delivery d = Delivery.read(r);
        UUID uuid = r.optional("uuid", Scalars.UUID, null);
        String timestamp = r.optional("timestamp", Scalars.DATETIME, null);
        String user = r.required("user", Schemas.USER);
        Object message = r.optional("message", Scalars.MAPPING, null);
        Map<String, Object> extras = r.extras(POST_DROPPED);
        r.done();
        return new MessageItem(user, d.channel(), d.pmUsers(), d.excludeUsers(), d.noHistory(),
                uuid, timestamp, message, extras);
    }

    static MessageEditItem edit(FieldReader r) {
        Delivery d = Delivery.read(r);
        UUID uuid = r.required("uuid", Scalars.UUID);
        String timestamp = r.optional("timestamp", Scalars.DATETIME, null);
        String user = r.optional("user", Schemas.USER, null);
        boolean hasMessage = r.present("message");
        Object message = r.optional("message", Scalars.MAPPING, null);
        String edited = r.optional("edited", Scalars.DATETIME, null);
        Map<String, Object> extras = r.extras(PATCH_DROPPED);
        r.done();
        return new MessageEditItem(uuid, user, d.channel(), d.pmUsers(), d.excludeUsers(), d.noHistory(),
                timestamp, hasMessage, message, edited, extras);
    }

    static MessageDeleteItem delete(FieldReader r) {
        Delivery d = Delivery.read(r);
        UUID uuid = r.required("uuid", Scalars.UUID);
        r.done();
        return new MessageDeleteItem(uuid, d.channel(), d.pmUsers(), d.excludeUsers(), d.noHistory());
    }
}
