package io.csgate.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WireFramesTest {

    @Test
    void lengthsUseTheShortestOfTheThreeForms() {
        assertThat(header(0)).containsExactly(0x81, 0);
        assertThat(header(125)).containsExactly(0x81, 125);
        assertThat(header(126)).containsExactly(0x81, 126, 0, 126);
        assertThat(header(65_535)).containsExactly(0x81, 126, 0xFF, 0xFF);
        assertThat(header(65_536)).containsExactly(0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0);
    }

    private static int[] header(int payloadLength) {
        byte[] frame = WireFrames.frame(WireFrames.OP_TEXT, new byte[payloadLength]);
        int headerLength = frame.length - payloadLength;
        return java.util.stream.IntStream.range(0, headerLength).map(i -> frame[i] & 0xFF).toArray();
    }

    @Test
    void closeFramesCarryCodeAndReasonCutAtACharacterBoundary() {
        byte[] close = WireFrames.close(4001, "slow consumer");
        assertThat(close[0] & 0xFF).isEqualTo(0x88);
        assertThat(((close[2] & 0xFF) << 8) | (close[3] & 0xFF)).isEqualTo(4001);
        assertThat(new String(close, 4, close.length - 4, StandardCharsets.UTF_8)).isEqualTo("slow consumer");

        byte[] longOne = WireFrames.close(1000, "é".repeat(100)); // 200 bytes of two-byte characters
        assertThat(longOne[1]).isLessThanOrEqualTo((byte) 125);
        String reason = new String(longOne, 4, longOne.length - 4, StandardCharsets.UTF_8);
        assertThat(reason).matches("é+").hasSize(61);
        assertThat(Arrays.copyOf(WireFrames.emptyClose(), 2)).containsExactly((byte) 0x88, (byte) 0);
    }
}
