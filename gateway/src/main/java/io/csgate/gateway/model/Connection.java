package io.csgate.gateway.model;

import java.time.Instant;
import java.util.TreeSet;
import java.util.UUID;

/** A client connection: owned by one user, held (as a socket) by at most one gateway. */
final class Connection {

    final UUID id;
    final String username;
    /** Position of the event that created it; catch-up replays what came after. */
    final long createdSeq;
    /** The gateway responsible for it: the creator until a socket attaches, then the socket's gateway. */
    String owner;
    Instant lastActive;
    /**
     * A resume the {@code /connect} asked for and that is still to be delivered: the records after
     * {@code resumeFrom} and before {@code resumeTo} (the connect event's offset). Null once the
     * first socket attached ({@code socket_attached}) or when none was asked for.
     */
    LogPosition resumeFrom;
    long resumeTo = -1;
    /** Names of the channels it is in, sorted; derived from channel membership (not exported). */
    final TreeSet<String> channels = new TreeSet<>(PlainValues.PY_ORDER);

    Connection(UUID id, String username, long createdSeq, String owner, Instant lastActive) {
        this.id = id;
        this.username = username;
        this.createdSeq = createdSeq;
        this.owner = owner;
        this.lastActive = lastActive;
    }
}
