package io.csgate.gateway.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One drain of a websocket IO lane: how long its first staged frame waited for the IO thread to
 * wake ({@link #stagedFor}), and (the event's duration) how long handing the frames to their
 * sockets and writing them took. The delivery side of the hops of {@link Hop}: frames carry no
 * event id, so this is per drain, not per event. Off by default, like {@link Hop}.
 */
@Name("csgate.LaneDrain")
@Label("IO lane drain")
@Category("csgate")
@Description("An IO thread woke for staged websocket frames and wrote them")
@Enabled(false)
@StackTrace(false)
public final class LaneDrain extends Event {

    private static final LaneDrain PROBE = new LaneDrain();

    @Label("Staged for")
    @Timespan(Timespan.NANOSECONDS)
    public long stagedFor;

    @Label("Frames")
    public int frames;

    /** Whether a recording asks for drains now. */
    public static boolean on() {
        return PROBE.isEnabled();
    }
}
