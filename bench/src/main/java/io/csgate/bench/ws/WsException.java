package io.csgate.bench.ws;

import java.io.IOException;

/** The websocket protocol was not followed: bad upgrade answer, bad frame, frame too large. */
public final class WsException extends IOException {
    public WsException(String message) {
        super(message);
    }
}
