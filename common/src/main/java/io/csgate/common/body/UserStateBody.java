package io.csgate.common.body;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /user_state} (docs/protocol.md §5.4).
 *
 * @param userState ordered as in the request
 * @param statePublicKeys {@code null} when omitted (unchanged); empty clears them
 */
public record UserStateBody(String user, Map<String, Object> userState, List<String> statePublicKeys) {}
