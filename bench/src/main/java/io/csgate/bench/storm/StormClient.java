package io.csgate.bench.storm;

import io.csgate.bench.ws.WsConnection;

/**
 * One simulated browser of the storm: a user in one channel, with a socket on one gateway. Written
 * by the selector thread of its current socket and by the thread reconnecting it, never at the same
 * time (a reconnect starts after the old socket's close and ends when the new one opens); read by
 * the scenario's thread for the report, hence volatile fields. Times are {@code System.nanoTime()}
 * values, 0 when not (yet) happened.
 */
final class StormClient {

    final int tag;
    final String user;
    final String channel;
    /** Held on the gateway that is killed. */
    final boolean victim;
    /** Index of the gateway it is on now: 0 the victim, 1.. the survivors. */
    volatile int gateway;
    volatile WsConnection socket;
    volatile long lastMessage;
    /** Longest wait between two messages while {@link #watchGaps} was on. */
    volatile long maxGap;
    volatile boolean watchGaps;
    volatile long closedAt;
    volatile int closeCode;
    volatile String closeReason;
    /** The {@code /connect} on a survivor answered 200. */
    volatile long connectedAgain;
    /** The new socket opened. */
    volatile long openAgain;
    /** First message on the new socket. */
    volatile long receivingAgain;
    volatile int attempts;

    StormClient(int tag, String user, String channel, boolean victim, int gateway) {
        this.tag = tag;
        this.user = user;
        this.channel = channel;
        this.victim = victim;
        this.gateway = gateway;
    }

    /** A stamped message arrived on {@code on}; selector thread. */
    void message(WsConnection on, long now) {
        if (on != socket) {
            return;
        }
        long last = lastMessage;
        if (watchGaps && last != 0 && now - last > maxGap) {
            maxGap = now - last;
        }
        lastMessage = now;
        if (openAgain != 0 && receivingAgain == 0) {
            receivingAgain = now;
        }
    }
}
