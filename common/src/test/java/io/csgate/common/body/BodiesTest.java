package io.csgate.common.body;

import static io.csgate.common.body.ErrorAssert.assertErrors;
import static io.csgate.common.body.ErrorAssert.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.csgate.common.json.Json;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every validation error of docs/protocol.md §3 and the reference transcripts, defaults, extras and happy paths. */
class BodiesTest {

    static final String CONN = "12345678-1234-5678-1234-567812345678";
    static final UUID CONN_ID = UUID.fromString(CONN);

    @Nested
    class ProtocolSection4Examples {

        @Test
        void missingUsername() {
            assertErrors(() -> Bodies.connect(json("{}")), "{\"username\": [\"Missing data for required field.\"]}");
        }

        @Test
        void badConnIdOnDisconnect() {
            assertErrors(() -> Bodies.disconnect(json("{\"conn_id\": \"zzz\"}")),
                    "{\"conn_id\": [\"Not a valid UUID.\"]}");
        }

        @Test
        void emptyUsername() {
            assertErrors(() -> Bodies.connect(json("{\"username\": \"\"}")),
                    "{\"username\": [\"Length must be between 1 and 512.\"]}");
        }

        @Test
        void emptyChannelName() {
            assertErrors(() -> Bodies.connect(json("{\"username\": \"u\", \"channels\": [\"\"]}")),
                    "{\"channels\": {\"0\": [\"Length must be between 1 and 256.\"]}}");
        }

        @Test
        void listAsStateValue() {
            assertErrors(() -> Bodies.connect(json("{\"username\": \"u\", \"user_state\": {\"a\": [1]}}")),
                    "{\"user_state\": {\"a\": {\"value\": "
                            + "[\"Value is not type of string, integer, boolean or float.\"]}}}");
        }

        @Test
        void stateChecksAreTheCallersAndKeepTheShape() {
            // "Unknown connection" / "Unknown user" need server state: a well-formed body passes here
            assertThat(Bodies.subscribe(json("{\"conn_id\": \"99999999-1234-5678-1234-567812345678\", "
                    + "\"channels\": [\"a\"]}")).channels()).containsExactly("a");
            assertThat(Bodies.userState(json("{\"user\": \"ghost\"}")).user()).isEqualTo("ghost");
            assertErrors(() -> { throw ValidationException.field("conn_id", "Unknown connection"); },
                    "{\"conn_id\": [\"Unknown connection\"]}");
            assertErrors(() -> { throw ValidationException.field("user", "Unknown user"); },
                    "{\"user\": [\"Unknown user\"]}");
        }

        @Test
        void objectWhereListExpected() {
            assertErrors(() -> Bodies.messages(json("{\"user\": \"x\"}")), "{\"_schema\": [\"Invalid input type.\"]}");
        }

        @Test
        void messageItemWithoutUser() {
            assertErrors(() -> Bodies.messages(json("[{\"channel\": \"c\"}]")),
                    "{\"0\": {\"user\": [\"Missing data for required field.\"]}}");
        }

        @Test
        void subscribeWithoutChannels() {
            assertErrors(() -> Bodies.subscribe(json("{\"conn_id\": \"" + CONN + "\", \"channels\": []}")),
                    "{\"channels\": [\"Shorter than minimum length 1.\"]}");
        }

        @Test
        void negativeHistorySizeIsNotNestedUnderTheChannel() {
            assertErrors(() -> Bodies.channelConfig(json("{\"c1\": {\"history_size\": -1}}")),
                    "{\"history_size\": [\"Must be greater than or equal to 0.\"]}");
        }

        @Test
        void unknownTopLevelKey() {
            assertErrors(() -> Bodies.connect(json("{\"username\": \"u\", \"foo\": 1}")),
                    "{\"foo\": [\"Unknown field.\"]}");
        }
    }

    @Nested
    class ObservedErrors {

        @Test
        void connectWithFourBadFieldsReportsAllInSchemaOrder() {
            assertErrors(() -> Bodies.connect(json("{\"username\": \"\", \"channels\": [\"\"], "
                            + "\"conn_id\": \"nope\", \"user_state\": {\"a\": [1]}}")),
                    "{\"username\": [\"Length must be between 1 and 512.\"], "
                            + "\"conn_id\": [\"Not a valid UUID.\"], "
                            + "\"channels\": {\"0\": [\"Length must be between 1 and 256.\"]}, "
                            + "\"user_state\": {\"a\": {\"value\": "
                            + "[\"Value is not type of string, integer, boolean or float.\"]}}}");
        }

        @Test
        void salvageableIsRejected() {
            assertErrors(() -> Bodies.channelConfig(json("{\"x\": {\"salvageable\": true}}")),
                    "{\"salvageable\": [\"Unknown field.\"]}");
        }

        @Test
        void deleteItemWithUnknownKey() {
            assertErrors(() -> Bodies.deletes(json("[{\"uuid\": \"11111111-1234-5678-1234-567812345678\", "
                    + "\"channel\": \"room\", \"foo\": 1}]")), "{\"0\": {\"foo\": [\"Unknown field.\"]}}");
        }

        @Test
        void infoWithEmptyObject() {
            assertErrors(() -> Bodies.info(json("{}")), "{\"info\": [\"Missing data for required field.\"]}");
        }

        @Test
        void subscribeWithNullConnIdAsTheReferencePreLoadMakesIt() {
            assertErrors(() -> Bodies.subscribe(json("{\"conn_id\": null, \"channels\": []}")),
                    "{\"conn_id\": [\"Field may not be null.\"], \"channels\": [\"Shorter than minimum length 1.\"]}");
        }

        @Test
        void firstInvalidChannelConfigWins() {
            assertErrors(() -> Bodies.channelConfig(json("{\"ok\": {}, \"a\": {\"history_size\": \"x\"}, "
                            + "\"b\": {\"store_frames\": 5}}")),
                    "{\"history_size\": [\"Not a valid integer.\"]}");
            assertErrors(() -> Bodies.channelConfig(json("{\"a\": 5}")), "{\"_schema\": [\"Invalid input type.\"]}");
            assertErrors(() -> Bodies.channelConfig(json("[]")), "{\"_schema\": [\"Invalid input type.\"]}");
        }
    }

    @Nested
    class Defaults {

        @Test
        void minimalConnect() {
            ConnectBody b = Bodies.connect(json("{\"username\": \"u\"}"));
            assertThat(b).isEqualTo(new ConnectBody("u", null, List.of(), null, Map.of(), Map.of(), Map.of(),
                    InfoResolution.DEFAULTS));
        }

        @Test
        void minimalSubscribe() {
            SubscribeBody b = Bodies.subscribe(json("{\"conn_id\": \"" + CONN + "\", \"channels\": [\"b\", \"a\"]}"));
            assertThat(b).isEqualTo(new SubscribeBody(CONN_ID, List.of("b", "a"), Map.of(), InfoResolution.DEFAULTS));
        }

        @Test
        void minimalUserStateLeavesPublicKeysOpen() {
            assertThat(Bodies.userState(json("{\"user\": \"u\"}")))
                    .isEqualTo(new UserStateBody("u", Map.of(), null));
            assertThat(Bodies.userState(json("{\"user\": \"u\", \"state_public_keys\": null}")).statePublicKeys())
                    .isNull();
            assertThat(Bodies.userState(json("{\"user\": \"u\", \"state_public_keys\": []}")).statePublicKeys())
                    .isEmpty();
        }

        @Test
        void minimalMessageItems() {
            assertThat(Bodies.messages(json("[{\"user\": \"u\"}]"))).containsExactly(
                    new MessageItem("u", null, List.of(), List.of(), false, null, null, null, Map.of()));
            assertThat(Bodies.edits(json("[{\"uuid\": \"" + CONN + "\"}]"))).containsExactly(new MessageEditItem(
                    CONN_ID, null, null, List.of(), List.of(), false, null, false, null, null, Map.of()));
            assertThat(Bodies.deletes(json("[{\"uuid\": \"" + CONN + "\"}]"))).containsExactly(
                    new MessageDeleteItem(CONN_ID, null, List.of(), List.of(), false));
            assertThat(Bodies.messages(json("[]"))).isEmpty();
        }

        @Test
        void channelSettingsFillAllSix() {
            assertThat(Bodies.channelSettings(json("{}"))).isEqualTo(ChannelConfig.DEFAULTS);
            assertThat(Bodies.channelSettings(json("{\"history_size\": 3}")))
                    .isEqualTo(new ChannelConfig(false, false, 3, false, false, true));
        }

        @Test
        void infoWithoutBodyOrEmptyInfo() {
            assertThat(Bodies.info(null)).isEqualTo(InfoResolution.DEFAULTS);
            assertThat(Bodies.info(MissingNode.getInstance())).isEqualTo(InfoResolution.DEFAULTS);
            assertThat(Bodies.info(NullNode.instance)).isEqualTo(InfoResolution.DEFAULTS);
            assertThat(Bodies.info(json("{\"info\": {}}"))).isEqualTo(InfoResolution.DEFAULTS);
        }
    }

    @Nested
    class Extras {

        @Test
        void postKeepsExtrasInRequestOrderAndDropsTypeAndEdited() {
            MessageItem m = Bodies.messages(json("[{\"user\": \"u\", \"channel\": \"c\", \"z\": 1, \"type\": \"t\", "
                    + "\"a\": {\"k\": [1, 2.5]}, \"edited\": \"x\", \"m\": null, \"b\": \"s\"}]")).get(0);
            assertThat(m.extras().keySet()).containsExactly("z", "a", "m", "b");
            assertThat(m.extras()).containsEntry("z", 1L).containsEntry("m", null).containsEntry("b", "s");
            assertThat(Json.text(m.extras().get("a"))).isEqualTo("{\"k\":[1,2.5]}");
        }

        @Test
        void patchKeepsExtrasAndDropsType() {
            MessageEditItem e = Bodies.edits(json("[{\"uuid\": \"" + CONN + "\", \"x\": 1, \"type\": \"y\", "
                    + "\"b\": 2, \"edited\": \"2024-01-02T03:04:05\"}]")).get(0);
            assertThat(e.extras().keySet()).containsExactly("x", "b");
            assertThat(e.edited()).isEqualTo("2024-01-02T03:04:05");
        }

        @Test
        void resultsAreUnmodifiable() {
            MessageItem m = Bodies.messages(json("[{\"user\": \"u\", \"x\": 1, \"pm_users\": [\"a\"]}]")).get(0);
            assertThatThrownBy(() -> m.extras().put("y", 2)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> m.pmUsers().add("b")).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
