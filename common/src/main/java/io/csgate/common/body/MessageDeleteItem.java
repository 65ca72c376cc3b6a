package io.csgate.common.body;

import java.util.List;
import java.util.UUID;

/** One item of {@code DELETE /message} (docs/protocol.md §5.7). */
public record MessageDeleteItem(
        UUID uuid,
        String channel,
        List<String> pmUsers,
        List<String> excludeUsers,
        boolean noHistory) {}
