package io.csgate.gateway.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The last {@code capacity} stored frames, oldest first (channel frames: 100, private frames: 50). */
final class FrameBuffer implements Iterable<StoredFrame> {

    private final int capacity;
    private final ArrayDeque<StoredFrame> frames = new ArrayDeque<>();

    FrameBuffer(int capacity) {
        this.capacity = capacity;
    }

    void add(StoredFrame frame) {
        frames.addLast(frame);
        while (frames.size() > capacity) {
            frames.removeFirst();
        }
    }

    /** The first stored {@code message} (not edit or delete) with that uuid, or null. */
    Map<String, Object> findMessage(String uuid) {
        for (StoredFrame f : frames) {
            if (isMessage(f, uuid)) {
                return f.body();
            }
        }
        return null;
    }

    /** Removes the first stored {@code message} with that uuid. */
    void removeMessage(String uuid) {
        Iterator<StoredFrame> it = frames.iterator();
        while (it.hasNext()) {
            if (isMessage(it.next(), uuid)) {
                it.remove();
                return;
            }
        }
    }

    List<StoredFrame> after(long seq) {
        List<StoredFrame> out = new ArrayList<>();
        for (StoredFrame f : frames) {
            if (f.seq() > seq) {
                out.add(f);
            }
        }
        return out;
    }

    int size() {
        return frames.size();
    }

    @Override
    public Iterator<StoredFrame> iterator() {
        return frames.iterator();
    }

    private static boolean isMessage(StoredFrame f, String uuid) {
        return uuid.equals(f.body().get("uuid")) && "message".equals(f.body().get("type"));
    }
}
