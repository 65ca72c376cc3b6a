package io.csgate.bench.cluster;

import io.csgate.bench.subscriber.GroupSnapshot;

/** A set of subscribers held by this process or by one worker process. */
interface SocketGroup extends AutoCloseable {

    /** Returns when every subscriber of the group is open or has failed. */
    void awaitOpen() throws InterruptedException;

    /** Asks for a snapshot; {@link #awaitSnapshot()} returns it. Lets several groups work at once. */
    void requestSnapshot(boolean gc);

    GroupSnapshot awaitSnapshot() throws InterruptedException;

    /** Closes the group's sockets; bounded. */
    @Override
    void close();

    /** Stops at once, without a close handshake (deadline passed). */
    void kill();
}
