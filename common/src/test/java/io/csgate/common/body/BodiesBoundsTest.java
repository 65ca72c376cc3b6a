package io.csgate.common.body;

import static io.csgate.common.body.ErrorAssert.assertErrors;
import static io.csgate.common.body.ErrorAssert.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.csgate.common.event.Op;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What arrives from outside is bounded and encodable, for REST and records alike (both call these
 * methods): names where the reference has no limit, and text with lone surrogates anywhere.
 */
class BodiesBoundsTest {

    static final String CONN = BodiesTest.CONN;
    static final String LONG_CHANNEL = "c".repeat(257);

    @Test
    void aLoneSurrogateInAFieldIsAnErrorNamingTheField() {
        assertErrors(() -> Bodies.connect(json("{\"username\": \"bad\\ud800\", \"channels\": [\"room\"]}")),
                "{\"username\": [\"Not valid Unicode text: it holds a lone surrogate.\"]}");
        assertErrors(() -> Bodies.connect(json("{\"username\": \"u\", \"channels\": [\"ok\", \"\\udfff\"]}")),
                "{\"channels\": {\"1\": [\"Not valid Unicode text: it holds a lone surrogate.\"]}}");
        // a surrogate pair is fine
        assertThat(Bodies.connect(json("{\"username\": \"smile\\ud83d\\ude00\"}")).username())
                .isEqualTo("smile\ud83d\ude00");
    }

    @Test
    void aLoneSurrogateDeepInsideAMessageOrInAKeyIsFound() {
        assertErrors(() -> Bodies.messages(json("[{\"channel\": \"room\", \"user\": \"u\", \"message\": {\"text\": \"ok\"}},"
                        + " {\"channel\": \"room\", \"user\": \"u\", \"message\": {\"parts\": [\"x\", {\"t\": \"\\ud800\"}]}}]")),
                "{\"1\": {\"message\": {\"parts\": {\"1\": {\"t\": [\"Not valid Unicode text: it holds a lone surrogate.\"]}}}}}");
        // JSON parsers refuse such keys already (Jackson: "Broken surrogate pair in field name"),
        // but a body built in code can hold one; the key is shown with U+FFFD in its place
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put("user", "u").putObject("user_state").put("st\ud800", 1);
        assertErrors(() -> Bodies.userState(state),
                "{\"user_state\": {\"st\\ufffd\": [\"Key is not valid Unicode text: it holds a lone surrogate.\"]}}");
        ObjectNode item = JsonNodeFactory.instance.objectNode().put("channel", "room").put("user", "u").put("x\udc00y", 1);
        assertErrors(() -> Bodies.messages(JsonNodeFactory.instance.arrayNode().add(item)),
                "{\"0\": {\"x\\ufffdy\": [\"Key is not valid Unicode text: it holds a lone surrogate.\"]}}");
    }

    @Test
    void everyBodyIsCheckedForUnencodableText() {
        String bad = "\"\\ud800\"";
        for (Op op : Op.values()) {
            String body = switch (op) {
                case MESSAGE, MESSAGE_EDIT, MESSAGE_DELETE -> "[{\"extra\": " + bad + "}]";
                default -> "{\"extra\": " + bad + "}";
            };
            Map<String, Object> errors = ErrorAssert.errorsOf(() -> Bodies.validate(op, json(body)));
            assertThat(errors.toString()).as(op.wireName()).contains("lone surrogate");
        }
        assertThat(ErrorAssert.errorsOf(() -> Bodies.info(json("{\"info\": {\"channels\": [\"\\ud800\"]}}"))))
                .containsOnlyKeys("info");
        assertThat(ErrorAssert.errorsOf(() -> Bodies.disconnect(json("{\"conn_id\": \"" + CONN + "\", \"x\": " + bad + "}"))))
                .containsOnlyKeys("x");
    }

    @Test
    void channelNamesAsKeysAreBoundedLikeChannelNames() {
        assertErrors(() -> Bodies.channelConfig(json("{\"ok\": {}, \"" + LONG_CHANNEL + "\": {}}")),
                "{\"" + LONG_CHANNEL + "\": {\"key\": [\"Length must be between 1 and 256.\"]}}");
        assertErrors(() -> Bodies.channelConfig(json("{\"\": {}}")),
                "{\"\": {\"key\": [\"Length must be between 1 and 256.\"]}}");
        assertErrors(() -> Bodies.connect(json("{\"username\": \"u\", \"channel_configs\": {\"" + LONG_CHANNEL
                        + "\": {\"history_size\": -1}}}")),
                "{\"channel_configs\": {\"" + LONG_CHANNEL + "\": {\"key\": [\"Length must be between 1 and 256.\"],"
                        + " \"value\": {\"history_size\": [\"Must be greater than or equal to 0.\"]}}}}");
        assertErrors(() -> Bodies.subscribe(json("{\"conn_id\": \"" + CONN + "\", \"channels\": [\"a\"],"
                        + " \"channel_configs\": {\"" + LONG_CHANNEL + "\": {}}}")),
                "{\"channel_configs\": {\"" + LONG_CHANNEL + "\": {\"key\": [\"Length must be between 1 and 256.\"]}}}");
        assertThat(Bodies.channelConfig(json("{\"" + "c".repeat(256) + "\": {}}")).configs()).hasSize(1);
    }

    @Test
    void stateKeysAreBoundedLikeThePublicKeysThatNameThem() {
        String longKey = "k".repeat(257);
        assertErrors(() -> Bodies.userState(json("{\"user\": \"u\", \"user_state\": {\"" + longKey + "\": 1}}")),
                "{\"user_state\": {\"" + longKey + "\": {\"key\": [\"Longer than maximum length 256.\"]}}}");
        assertErrors(() -> Bodies.connect(json("{\"username\": \"u\", \"fresh_user_state\": {\"" + longKey + "\": 1}}")),
                "{\"fresh_user_state\": {\"" + longKey + "\": {\"key\": [\"Longer than maximum length 256.\"]}}}");
        // the reference accepts an empty key; so do we
        assertThat(Bodies.userState(json("{\"user\": \"u\", \"user_state\": {\"\": 1, \"" + "k".repeat(256) + "\": 2}}"))
                .userState()).hasSize(2);
    }

    @Test
    void gatewayIdsOfLifecycleEventsAreBoundedLikeTheSetting() {
        assertErrors(() -> Bodies.validate(Op.GATEWAY_DOWN, json("{\"gateway_id\": \"" + "g".repeat(65) + "\"}")),
                "{\"gateway_id\": [\"Length must be between 1 and 64.\"]}");
        assertThat(Bodies.validate(Op.GATEWAY_DOWN, json("{\"gateway_id\": \"" + "g".repeat(64) + "\"}")))
                .isEqualTo("g".repeat(64));
    }
}
