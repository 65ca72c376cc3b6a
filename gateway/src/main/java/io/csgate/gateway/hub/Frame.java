package io.csgate.gateway.hub;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * One outbound frame (a JSON array as text), serialized once however many sessions it goes to.
 * A transport may keep its own encoding of the frame here ({@link #encoded}), so that too is built
 * once per frame, not once per socket. Immutable apart from that cache; safe to share across
 * threads.
 */
public final class Frame {

    /** The server heartbeat: an empty array. */
    public static final Frame HEARTBEAT = new Frame("[]");

    private final String text;
    private final byte[] utf8;
    private volatile Object encoded;

    public Frame(String text) {
        this.text = text;
        this.utf8 = text.getBytes(StandardCharsets.UTF_8);
    }

    public String text() {
        return text;
    }

    /** The text as UTF-8; callers must not modify the array. */
    public byte[] utf8() {
        return utf8;
    }

    /**
     * The transport's encoding of this frame, built by {@code encoder} on first use. Frames go to
     * one transport kind per process (websockets), so one cached value suffices; two threads
     * racing may both encode, and either result is kept.
     */
    @SuppressWarnings("unchecked")
    public <T> T encoded(Function<Frame, T> encoder) {
        Object e = encoded;
        if (e == null) {
            e = encoder.apply(this);
            encoded = e;
        }
        return (T) e;
    }

    @Override
    public String toString() {
        return text;
    }
}
