package io.csgate.common.body;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One item of {@code PATCH /message} (docs/protocol.md §5.6). {@code null} means "not supplied" for
 * {@code user}, {@code timestamp}, {@code message} and {@code edited} ({@code edited} left open is
 * filled with the event time by the applier).
 *
 * @param hasMessage whether the {@code message} key was supplied (it may be supplied as null)
 */
public record MessageEditItem(
        UUID uuid,
        String user,
        String channel,
        List<String> pmUsers,
        List<String> excludeUsers,
        boolean noHistory,
        String timestamp,
        boolean hasMessage,
        Object message,
        String edited,
        Map<String, Object> extras) {}
