package io.csgate.gateway.model;

import static io.csgate.gateway.model.Bodies.connect;
import static io.csgate.gateway.model.Bodies.info;
import static io.csgate.gateway.model.Bodies.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.csgate.common.body.ConnectBody;
import io.csgate.common.body.InfoResolution;
import io.csgate.common.body.SubscribeBody;
import io.csgate.common.body.UsersExpiredBody;
import io.csgate.common.body.ValidationException;
import io.csgate.common.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The counts, sorted member names and user entries that channels and users keep up to date as
 * connections come and go must always say what a recount of the exported state says, also after
 * a snapshot restore.
 */
class ChannelBookkeepingTest {

    static final InfoResolution PUBLIC = info(false, true, null, List.of(), true);

    final RecordingOutbox outbox = new RecordingOutbox();
    ChannelstreamModel model = new ChannelstreamModel(outbox);
    final Events events = new Events();

    @Test
    void countsFollowConnectSubscribeUnsubscribeAndDisconnect() {
        UUID a1 = ConnectTest.connId(model.connect(connect("ann", "x", "y"), events.next()));
        UUID a2 = ConnectTest.connId(model.connect(connect("ann", "x"), events.next()));
        UUID b1 = ConnectTest.connId(model.connect(connect("bob", "x"), events.next()));
        assertCounts("x", 3, List.of("ann", "bob"));
        assertCounts("y", 1, List.of("ann"));

        model.subscribe(Bodies.channels(b1, "y", "x"), events.next());
        assertCounts("x", 3, List.of("ann", "bob"));
        assertCounts("y", 2, List.of("ann", "bob"));

        model.unsubscribe(Bodies.channels(a1, "x", "y"), events.next());
        assertCounts("x", 2, List.of("ann", "bob"));
        assertCounts("y", 1, List.of("bob"));

        model.disconnect(a2, events.next());
        assertCounts("x", 1, List.of("bob"));
        model.disconnect(b1, events.next());
        assertCounts("x", 0, List.of());
        assertCounts("y", 0, List.of());
        assertMatchesRecount();
    }

    @Test
    void aReplacedConnectionIsCountedOnce() {
        UUID id = UUID.fromString("11111111-2222-3333-4444-555555555555");
        model.connect(connect("ann", id, List.of("x", "y"), Map.of()), events.next());
        model.connect(connect("ann", id, List.of("x"), Map.of()), events.next());
        assertCounts("x", 1, List.of("ann"));
        assertCounts("y", 0, List.of());
        model.connect(connect("bob", id, List.of("x"), Map.of()), events.next());
        assertCounts("x", 1, List.of("bob"));
        assertMatchesRecount();
    }

    @Test
    void userEntriesFollowStateAndPublicKeys() {
        model.connect(Bodies.connectWithState("ann", List.of("a"), map("a", 1L, "b", 2L), Map.of(), "x"),
                events.next());
        assertThat(users(model.info(PUBLIC))).isEqualTo(List.of(map("user", "ann", "state", map("a", 1L))));
        model.userState(Bodies.state("ann", map("a", 3L, "c", List.of(map("d", 4L))), List.of("a", "c")),
                events.next());
        assertThat(users(model.info(PUBLIC))).isEqualTo(List.of(map("user", "ann", "state",
                map("a", 3L, "c", List.of(map("d", 4L))))));
        assertThat(users(model.info(InfoResolution.DEFAULTS))).isEqualTo(List.of(map("user", "ann", "state",
                map("a", 3L, "b", 2L, "c", List.of(map("d", 4L))))));
        // connect replaces the public keys: omitted ones are kept (docs/protocol.md §14 #2), [] clears
        model.connect(Bodies.connectWithState("ann", List.of(), Map.of(), Map.of(), "x"), events.next());
        assertThat(users(model.info(PUBLIC))).isEqualTo(List.of(map("user", "ann", "state", map())));
        assertMatchesRecount();
    }

    @Test
    void answersDoNotChangeWhenTheStateChangesLater() throws JsonProcessingException {
        Map<String, Object> first = model.connect(Bodies.connectWithState("ann", List.of("a"), map("a", 1L),
                Map.of(), "x"), events.next());
        String before = Json.mapper().writeValueAsString(first);
        model.userState(Bodies.state("ann", map("a", 2L), null), events.next());
        model.connect(connect("bob", "x"), events.next());
        assertThat(Json.mapper().writeValueAsString(first)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomTrafficAlwaysMatchesARecountAndSurvivesRestore(long seed) {
        Random r = new Random(seed);
        List<String> users = List.of("ann", "bob", "cé", "dan", "\uD83D\uDE00", "Zed", "eve");
        List<String> channels = List.of("a", "b", "c", "D", "\uFFFD", "\uD83D\uDE01");
        List<UUID> conns = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int op = r.nextInt(100);
            String from = r.nextBoolean() ? "gw-a" : "gw-b";
            if (op < 35 || conns.isEmpty()) {
                UUID id = r.nextInt(5) == 0 && !conns.isEmpty() ? pick(r, conns) : null;
                Map<String, Object> answer = model.connect(new ConnectBody(pick(r, users), id,
                        some(r, channels), r.nextBoolean() ? null : some(r, List.of("k1", "k2")),
                        map("k1", (long) i), r.nextInt(3) == 0 ? map("k2", (long) i) : Map.of(), Map.of(), null),
                        events.next(from));
                UUID got = UUID.fromString((String) answer.get("conn_id"));
                if (!conns.contains(got)) {
                    conns.add(got);
                }
            } else if (op < 50) {
                subscribe(true, r, conns, channels);
            } else if (op < 62) {
                subscribe(false, r, conns, channels);
            } else if (op < 77) {
                UUID id = pick(r, conns);
                model.disconnect(id, events.next());
                conns.remove(id);
            } else if (op < 82) {
                List<UUID> gone = model.gatewayDown(from, events.next());
                conns.removeAll(gone);
            } else if (op < 90) {
                try {
                    model.userState(Bodies.state(pick(r, users), map(r.nextBoolean() ? "k1" : "k3", (long) -i),
                            r.nextBoolean() ? null : some(r, List.of("k1", "k3"))), events.next());
                } catch (ValidationException unknownUser) {
                    // expired or never connected
                }
            } else if (op < 95) {
                var before = events.next().time().plusSeconds(1);
                model.expireUsers(new UsersExpiredBody(model.idleUsers(before), before), events.next());
            } else {
                restore();
            }
            assertMatchesRecount();
        }
        restore();
        assertMatchesRecount();
    }

    private void subscribe(boolean join, Random r, List<UUID> conns, List<String> channels) {
        SubscribeBody b = new SubscribeBody(pick(r, conns), some(r, channels), Map.of(), null);
        if (join) {
            model.subscribe(b, events.next());
        } else {
            model.unsubscribe(b, events.next());
        }
    }

    /** Replaces the model by one restored from its export; the answers must not change. */
    private void restore() {
        String before = json(model.info(InfoResolution.DEFAULTS)) + json(model.info(PUBLIC));
        model = ChannelstreamModel.restore(model.export(), outbox);
        assertThat(json(model.info(InfoResolution.DEFAULTS)) + json(model.info(PUBLIC))).isEqualTo(before);
    }

    /** info() for every channel, full and public state, against counts taken from export(). */
    @SuppressWarnings("unchecked")
    private void assertMatchesRecount() {
        Map<String, Object> export = model.export();
        Map<String, Map<String, Object>> userByName = new LinkedHashMap<>();
        for (Object u : (List<Object>) export.get("users")) {
            Map<String, Object> m = (Map<String, Object>) u;
            userByName.put((String) m.get("username"), m);
        }
        Map<String, Object> channelsOut = new LinkedHashMap<>();
        TreeMap<String, Map<String, Object>> all = new TreeMap<>(PlainValues.PY_ORDER);
        for (Object c : (List<Object>) export.get("channels")) {
            Map<String, Object> ch = (Map<String, Object>) c;
            int total = 0;
            List<String> names = new ArrayList<>();
            for (Object member : (List<Object>) ch.get("members")) {
                Map<String, Object> m = (Map<String, Object>) member;
                total += ((List<Object>) m.get("connections")).size();
                names.add((String) m.get("user"));
                all.put((String) m.get("user"), userByName.get(m.get("user")));
            }
            names.sort(PlainValues.PY_ORDER);
            channelsOut.put((String) ch.get("name"), List.of(total, names.size(), names));
        }
        for (boolean publicState : new boolean[] {false, true}) {
            Map<String, Object> info = model.info(publicState ? PUBLIC : InfoResolution.DEFAULTS);
            Map<String, Object> got = new LinkedHashMap<>();
            ((Map<String, Map<String, Object>>) info.get("channels")).forEach((name, ch) ->
                    got.put(name, List.of(ch.get("total_connections"), ch.get("total_users"), ch.get("users"))));
            assertThat(got).isEqualTo(channelsOut);
            List<Object> expectedUsers = new ArrayList<>();
            all.forEach((name, u) -> {
                Map<String, Object> state = (Map<String, Object>) u.get("state");
                Map<String, Object> shown = new LinkedHashMap<>();
                state.forEach((k, v) -> {
                    if (!publicState || ((List<Object>) u.get("public_keys")).contains(k)) {
                        shown.put(k, v);
                    }
                });
                expectedUsers.add(map("user", name, "state", shown));
            });
            assertThat(json(info.get("users"))).isEqualTo(json(expectedUsers));
        }
    }

    private void assertCounts(String channel, int connections, List<String> users) {
        Map<String, Object> ch = ConnectTest.channel(model.info(InfoResolution.DEFAULTS), channel);
        assertThat(ch.get("total_connections")).isEqualTo(connections);
        assertThat(ch.get("total_users")).isEqualTo(users.size());
        assertThat(ch.get("users")).isEqualTo(users);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> users(Map<String, Object> info) {
        return (List<Object>) info.get("users");
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T pick(Random r, List<T> from) {
        return from.get(r.nextInt(from.size()));
    }

    private static List<String> some(Random r, List<String> from) {
        List<String> out = new ArrayList<>();
        for (String s : from) {
            if (r.nextInt(3) == 0) {
                out.add(s);
            }
        }
        return out;
    }
}
