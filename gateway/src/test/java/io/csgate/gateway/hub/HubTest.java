package io.csgate.gateway.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the hub writes to the sockets it holds. */
class HubTest {

    private static Map<String, Object> event(String user) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", "presence");
        e.put("user", user);
        return e;
    }

    @Test
    void severalEventsGoOutAsOneFrameToEachSocketHereAndNowhereElse() {
        Hub hub = new Hub();
        UUID here = UUID.randomUUID();
        UUID elsewhere = UUID.randomUUID();
        AttachmentsTest.Recording socket = new AttachmentsTest.Recording();
        hub.register(here, socket);

        hub.deliverAll(List.of(elsewhere, here), List.of(event("a"), event("b"), event("c")));

        assertThat(socket.frames).containsExactly(
                "[{\"type\":\"presence\",\"user\":\"a\"},{\"type\":\"presence\",\"user\":\"b\"},"
                        + "{\"type\":\"presence\",\"user\":\"c\"}]");
        assertThat(hub.framesSent()).isEqualTo(1);
        hub.deliver(List.of(here), event("d"));
        assertThat(socket.frames).last().isEqualTo("[{\"type\":\"presence\",\"user\":\"d\"}]");
    }
}
