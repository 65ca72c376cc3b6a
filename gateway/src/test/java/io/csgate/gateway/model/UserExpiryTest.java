package io.csgate.gateway.model;

import static io.csgate.gateway.model.Bodies.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.csgate.common.body.UsersExpiredBody;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The reference's idle-user GC as an event: only users still idle and without connections go. */
class UserExpiryTest {

    final RecordingOutbox outbox = new RecordingOutbox();
    final ChannelstreamModel model = new ChannelstreamModel(outbox);
    final Events events = new Events();

    @Test
    void idleUsersWithoutConnectionsAreForgottenOthersStay() {
        model.connect(connect("gone"), events.next());
        String keptConn = (String) model.connect(connect("connected"), events.next()).get("conn_id");
        String leaverConn = (String) model.connect(connect("leaver"), events.next()).get("conn_id");
        model.disconnect(UUID.fromString(leaverConn), events.next());
        var cutoff = events.next().time().plusSeconds(1);
        assertThat(model.idleUsers(cutoff)).containsExactly("leaver");
        List<String> removed = model.expireUsers(new UsersExpiredBody(List.of("leaver", "connected", "nobody"),
                cutoff), events.next());
        assertThat(removed).containsExactly("leaver");
        assertThat(model.hasUser("leaver")).isFalse();
        assertThat(model.hasUser("connected")).isTrue();
        assertThat(model.hasConnection(UUID.fromString(keptConn))).isTrue();
    }

    @Test
    void aUserActiveAgainAfterTheListWasMadeIsKept() {
        String conn = (String) model.connect(connect("back"), events.next()).get("conn_id");
        model.disconnect(UUID.fromString(conn), events.next());
        var listedBefore = events.next().time();
        // the user comes back (and leaves) after the leader made its list
        String again = (String) model.connect(connect("back"), events.next()).get("conn_id");
        model.disconnect(UUID.fromString(again), events.next());
        assertThat(model.expireUsers(new UsersExpiredBody(List.of("back"), listedBefore), events.next())).isEmpty();
        assertThat(model.hasUser("back")).isTrue();
    }
}
