package io.csgate.bench.ws;

/** Connections for tests of listeners: only their tag is real. */
public final class Connections {

    private Connections() {}

    /** A connection that is never opened, with subscriber number {@code tag}. */
    public static WsConnection tagged(int tag) {
        return new WsConnection(null, null, null, tag, null, 0);
    }
}
