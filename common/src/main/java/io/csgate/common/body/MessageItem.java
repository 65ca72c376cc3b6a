package io.csgate.common.body;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One item of {@code POST /message} (docs/protocol.md §5.5).
 *
 * @param channel {@code null} for a global private message
 * @param uuid {@code null} when the producer left it open (the applier derives one from the event id)
 * @param timestamp as it is re-emitted in HTTP answers (isoformat), or {@code null} when left open
 *     (the applier uses the event time)
 * @param message the {@code message} value as plain Java, or {@code null} when absent
 * @param extras every other key, in request order, as plain Java values ({@code type} excluded)
 */
public record MessageItem(
        String user,
        String channel,
        List<String> pmUsers,
        List<String> excludeUsers,
        boolean noHistory,
        UUID uuid,
        String timestamp,
        Object message,
        Map<String, Object> extras) {}
