package io.csgate.gateway.cluster;

import io.csgate.gateway.testing.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The users of a channel as one gateway's {@code /info} reports them. */
final class WsUsers {
    private WsUsers() {}

    static List<String> of(ApiClient client, String room) {
        List<String> out = new ArrayList<>();
        client.post("/info", Map.of("info", Map.of("channels", List.of(room)))).json()
                .path("channels").path(room).path("users").forEach(u -> out.add(u.asText()));
        return out;
    }
}
