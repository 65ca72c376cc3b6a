package io.csgate.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.bench.ws.WsConnection;
import io.csgate.bench.ws.WsListener;
import io.csgate.common.json.Json;
import java.io.IOException;
import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What one socket of the resume scenario received: the bench's stamped {@code message} events
 * ({@code seq} 0 to N-1 are the missed ones, N the live one, -1 the marker), whether each came as
 * catch-up, in which order, and the last {@code position} seen. Written by the socket's selector
 * thread only; read by the scenario's thread after the latches or under the deadline, hence the
 * volatile fields (a count read early may lag by a frame, never run ahead of the latches).
 */
final class ResumeReader implements WsListener {

    private final long missed;
    private final BitSet seen = new BitSet();
    private final CountDownLatch marker = new CountDownLatch(1);
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch live = new CountDownLatch(1);
    private long nextSeq;

    volatile String lastPosition;
    volatile String markerPosition;
    /** {@code System.nanoTime()} of the first and the N-th catch-up event; 0 before. */
    volatile long firstCatchup;
    volatile long lastCatchup;
    volatile long catchup;
    volatile long duplicates;
    volatile long outOfOrder;
    /** Catch-up events that are not among the N missed ones (the marker again, or foreign). */
    volatile long extra;
    /** Missed messages that came without {@code "catchup": true}. */
    volatile long missedLive;
    /** Catch-up events after the first live event. */
    volatile long catchupAfterLive;
    /** Events without a {@code position}. */
    volatile long withoutPosition;
    volatile long liveAt;
    volatile String problem;

    /** @param missed N: seqs 0 to N-1 are expected as catch-up, N live */
    ResumeReader(long missed) {
        this.missed = missed;
    }

    @Override
    public void onText(WsConnection connection, byte[] data, int offset, int length) {
        long now = System.nanoTime();
        JsonNode frame;
        try {
            frame = Json.mapper().readTree(data, offset, length);
        } catch (IOException e) {
            problem = "a frame is not JSON: " + e.getMessage();
            return;
        }
        for (JsonNode e : frame) {
            if (!"message".equals(e.path("type").asText())) {
                continue;
            }
            JsonNode position = e.get("position");
            if (position == null || !position.isTextual()) {
                withoutPosition++;
            } else {
                lastPosition = position.textValue();
            }
            long seq = e.path("message").path("seq").asLong(Long.MIN_VALUE);
            boolean isCatchup = e.path("catchup").asBoolean(false);
            if (seq == -1) {
                if (isCatchup) {
                    extra++;
                } else if (markerPosition == null && position != null) {
                    markerPosition = position.asText();
                    marker.countDown();
                }
            } else if (seq >= 0 && seq < missed) {
                missed(seq, isCatchup, now);
            } else if (seq == missed && !isCatchup) {
                liveAt = now;
                live.countDown();
            } else if (isCatchup) {
                extra++;
            }
        }
    }

    private void missed(long seq, boolean isCatchup, long now) {
        if (!isCatchup) {
            missedLive++;
            return;
        }
        if (liveAt != 0) {
            catchupAfterLive++;
        }
        if (seen.get((int) seq)) {
            duplicates++;
            return;
        }
        seen.set((int) seq);
        if (seq != nextSeq) {
            outOfOrder++;
        }
        nextSeq = seq + 1;
        if (firstCatchup == 0) {
            firstCatchup = now;
        }
        catchup++;
        if (catchup == missed) {
            lastCatchup = now;
            caughtUp.countDown();
        }
    }

    @Override
    public void onClose(WsConnection connection, int code, String reason) {
        if (problem == null && caughtUp.getCount() > 0) {
            problem = "the socket closed (" + code + " " + reason + ") before the catch-up ended";
        }
        marker.countDown();
        caughtUp.countDown();
        live.countDown();
    }

    boolean awaitMarker(long millis) throws InterruptedException {
        return marker.await(millis, TimeUnit.MILLISECONDS) && markerPosition != null;
    }

    boolean awaitCaughtUp(long millis) throws InterruptedException {
        return caughtUp.await(millis, TimeUnit.MILLISECONDS) && catchup == missed;
    }

    boolean awaitLive(long millis) throws InterruptedException {
        return live.await(millis, TimeUnit.MILLISECONDS) && liveAt != 0;
    }
}
