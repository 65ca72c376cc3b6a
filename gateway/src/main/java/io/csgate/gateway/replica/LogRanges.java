package io.csgate.gateway.replica;

import io.csgate.common.event.Envelope;
import io.csgate.gateway.model.LogPosition;
import io.csgate.gateway.model.ResumeRange;
import java.util.concurrent.CompletableFuture;

/**
 * Reading past events again, for resumes (docs/design.md §13): a reader apart from the one that
 * feeds the replica, so a resume never holds up the applier. Implemented by the log package.
 */
public interface LogRanges {

    /** How a read ended. */
    enum Outcome {
        /** Every event of the range was offered. */
        READ,
        /** The log no longer holds the start of the range (retention): nothing was offered. */
        GONE,
        /** The visitor asked to stop. */
        STOPPED
    }

    /** Receives the events of a range, in log order, on a reader thread; it may block (backpressure). */
    interface Visitor {
        /** @return false to stop reading */
        boolean visit(Envelope event, LogPosition position);
    }

    /** The epoch of the log this gateway reads; null when it could not be learned (positions are then off). */
    String epoch();

    /** Completes with the first offset the partition still holds. */
    CompletableFuture<Long> logStart(int partition);

    /**
     * Offers every verified, decoded event of the range to {@code visitor} (records that fail the
     * checks of the main reader are skipped, as a repeated event id is). Completes exceptionally
     * when Kafka fails or too many reads are waiting.
     */
    CompletableFuture<Outcome> read(ResumeRange range, Visitor visitor);
}
