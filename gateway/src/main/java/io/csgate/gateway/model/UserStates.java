package io.csgate.gateway.model;

import io.csgate.common.body.UserStateBody;
import io.csgate.common.body.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /user_state}: merge, answer, and {@code user_state_change} where channels ask for it. */
final class UserStates {

    private final ModelState state;

    UserStates(ModelState state) {
        this.state = state;
    }

    Map<String, Object> userState(UserStateBody b, Step step) {
        User user = b.user() == null ? null : state.users.get(b.user());
        if (user == null) {
            throw ValidationException.field("user", "Unknown user");
        }
        // set first: the change event lists only keys public after this call
        if (b.statePublicKeys() != null) {
            user.setPublicKeys(b.statePublicKeys());
        }
        List<Map<String, Object>> changed = user.applyState(b.userState());
        user.touch(step.time());
        if (!changed.isEmpty()) {
            for (Channel channel : state.channelsOf(user.connections())) {
                if (channel.config.notifyState()) {
                    channel.sendUserState(user, changed, step);
                }
            }
        }
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        out.put("user_state", PlainValues.copyMap(user.state()));
        out.put("changed_state", changed);
        out.put("public_keys", new ArrayList<>(user.publicKeys()));
        return out;
    }
}
