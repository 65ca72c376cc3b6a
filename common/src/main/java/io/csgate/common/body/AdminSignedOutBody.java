package io.csgate.common.body;

import java.time.Instant;

/** The body of an {@code admin_signed_out} event: the session that ended, and when its cookie expires. */
public record AdminSignedOutBody(String session, Instant expires) {

    /** Longest session id accepted. */
    public static final int MAX_SESSION_LENGTH = 64;
}
