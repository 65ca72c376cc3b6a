package io.csgate.common.body;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /connect} (docs/protocol.md §5.1).
 *
 * @param connId {@code null} when the caller left it to the server
 * @param statePublicKeys {@code null} when omitted: the user's public keys stay as they are
 *     (docs/protocol.md §14 #2)
 * @param freshUserState ordered; values are String, Long, BigInteger, Double, BigDecimal, Boolean or null
 * @param resumeFrom the position the client last saw ({@code resume_from}, ours); null when not
 *     asked for. Never a reason to refuse the call: any value that is not a string of at most
 *     {@link #MAX_RESUME_FROM} characters reads as {@code ""}, a position that resumes nothing.
 */
public record ConnectBody(
        String username,
        UUID connId,
        List<String> channels,
        List<String> statePublicKeys,
        Map<String, Object> freshUserState,
        Map<String, Object> userState,
        Map<String, ChannelConfig> channelConfigs,
        InfoResolution info,
        String resumeFrom) {

    public static final int MAX_RESUME_FROM = 128;

    /** Without {@code resume_from}. */
    public ConnectBody(String username, UUID connId, List<String> channels, List<String> statePublicKeys,
                       Map<String, Object> freshUserState, Map<String, Object> userState,
                       Map<String, ChannelConfig> channelConfigs, InfoResolution info) {
        this(username, connId, channels, statePublicKeys, freshUserState, userState, channelConfigs, info, null);
    }
}
