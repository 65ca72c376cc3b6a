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
 */
public record ConnectBody(
        String username,
        UUID connId,
        List<String> channels,
        List<String> statePublicKeys,
        Map<String, Object> freshUserState,
        Map<String, Object> userState,
        Map<String, ChannelConfig> channelConfigs,
        InfoResolution info) {}
