package io.csgate.gateway.hub;

import io.csgate.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One outbound frame: a JSON array of events as UTF-8, serialized once however many sessions it
 * goes to. Frames waiting for the same session may leave together: a transport splices their
 * arrays ({@code [a]} and {@code [b,c]} make {@code [a,b,c]}) without parsing them again, so the
 * text is always a compact array with no space around its brackets. Immutable; safe to share
 * across threads.
 */
public final class Frame {

    /** The server heartbeat: an empty array. */
    public static final Frame HEARTBEAT = new Frame("[]");

    private final byte[] utf8;

    /**
     * @param text a JSON array, starting with {@code [} and ending with {@code ]}
     * @throws IllegalArgumentException when it does not
     */
    public Frame(String text) {
        this(text.getBytes(StandardCharsets.UTF_8));
    }

    private Frame(byte[] utf8) {
        if (utf8.length < 2 || utf8[0] != '[' || utf8[utf8.length - 1] != ']') {
            throw new IllegalArgumentException("a frame is a JSON array, not "
                    + new String(utf8, 0, Math.min(utf8.length, 40), StandardCharsets.UTF_8));
        }
        this.utf8 = utf8;
    }

    /** The one-element array {@code [event]}. */
    public static Frame of(Map<String, Object> event) {
        // through a String: Jackson's byte writer refuses a lone surrogate the String writer passes on
        return new Frame(Json.text(List.of(event)));
    }

    /** The array {@code [e1, e2, ...]} of several events, in order. */
    public static Frame ofAll(List<Map<String, Object>> events) {
        return new Frame(Json.text(events));
    }

    public String text() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** The text as UTF-8; callers must not modify the array. */
    public byte[] utf8() {
        return utf8;
    }

    /** Bytes between the brackets: the events, comma-separated; 0 for the heartbeat. */
    public int innerLength() {
        return utf8.length - 2;
    }

    @Override
    public String toString() {
        return text();
    }
}
