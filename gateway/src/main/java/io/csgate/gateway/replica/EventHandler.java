package io.csgate.gateway.replica;

import io.csgate.common.body.ValidationException;
import io.csgate.common.event.Envelope;

/** Applies one verified, decoded event to the replicated state. Called on the applier thread only. */
public interface EventHandler {

    /**
     * @param event the event; {@code event.time()} is never null here (the record timestamp fills it)
     * @return the result a REST caller receives (a JSON-serializable value), or null
     * @throws ValidationException when the body is invalid or names what does not exist; the event
     *     then has no effect, and a waiting REST caller gets a 422 with the errors
     */
    Object apply(Envelope event);

    /**
     * {@link #apply(Envelope)} for the event of the record at {@code position} (null when the
     * log has no known epoch), which frames of messages, edits and deletes carry.
     */
    default Object apply(Envelope event, io.csgate.gateway.model.LogPosition position) {
        return apply(event);
    }
}
