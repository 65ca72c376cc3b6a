package io.csgate.gateway.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts a model back together piece by piece, as a snapshot reader streams it: the head first,
 * then connections and users (either order), then channels. A {@link ModelImage}'s parts (format 2)
 * and an {@link ChannelstreamModel#export()}'s (format 1) are both accepted, so a large model is
 * never held twice while it is read. Users' connections are linked once every connection is in.
 * Every method throws {@link IllegalArgumentException} on a part that does not fit.
 */
public final class ModelBuilder {

    private final ModelState s = new ModelState();
    private final List<User> pendingUsers = new ArrayList<>();
    private final List<Object> pendingIds = new ArrayList<>();
    private boolean headDone;
    private boolean built;

    /** {@code format} (1 or 2), {@code seq} and the counters; must come first. */
    public void head(Map<String, Object> head) {
        if (headDone) {
            throw new IllegalArgumentException("the model's head came twice");
        }
        ModelExport.restoreHead(s, head);
        headDone = true;
    }

    /** One entry of {@link ModelImage#connections()} or of the export's {@code connections}. */
    public void connection(Map<String, Object> exported) {
        needHead();
        ModelExport.restoreConnection(s, exported);
    }

    /** One user as {@link ModelImage.UserSink} received it. */
    public void user(String name, String uuid, String lastActive, Map<String, Object> more) {
        needHead();
        User u = ModelExport.restoreUser(s, name, uuid, lastActive, more);
        if (more != null && more.get("connections") != null) {
            pendingUsers.add(u);
            pendingIds.add(more.get("connections"));
        }
    }

    /** One entry of the format-1 export's {@code users}. */
    public void user(Map<String, Object> exported) {
        user(ModelExport.str(exported.get("username")), ModelExport.str(exported.get("uuid")),
                ModelExport.str(exported.get("last_active")), exported);
    }

    /** One channel; every connection and user must be in. */
    public void channel(Map<String, Object> exported) {
        needHead();
        linkConnections();
        ModelExport.restoreChannel(s, exported);
    }

    /** The model; the builder cannot be used again. */
    public ChannelstreamModel build(Outbox outbox) {
        needHead();
        if (built) {
            throw new IllegalStateException("built already");
        }
        built = true;
        linkConnections();
        return ChannelstreamModel.of(s, outbox);
    }

    private void needHead() {
        if (!headDone) {
            throw new IllegalArgumentException("the model's parts came before its head");
        }
    }

    private void linkConnections() {
        for (int i = 0; i < pendingUsers.size(); i++) {
            ModelExport.linkConnections(s, pendingUsers.get(i), pendingIds.get(i));
        }
        pendingUsers.clear();
        pendingIds.clear();
    }
}
