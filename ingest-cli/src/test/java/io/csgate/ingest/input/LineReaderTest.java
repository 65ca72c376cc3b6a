package io.csgate.ingest.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private record Line(long number, String text, boolean truncated) {}

    private static List<Line> read(InputStream in, int maxLine, Runnable idle) throws IOException {
        LineReader r = new LineReader(in, idle, maxLine);
        List<Line> out = new ArrayList<>();
        while (r.next()) {
            out.add(new Line(r.number(), new String(r.buffer(), r.start(), r.length(), StandardCharsets.UTF_8),
                    r.truncated()));
        }
        return out;
    }

    private static List<Line> read(String text, int maxLine) throws IOException {
        return read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), maxLine, () -> { });
    }

    @Test
    void splitsOnNewlinesAndCrLfAndKeepsALastLineWithoutNewline() throws IOException {
        assertThat(read("a\r\nbb\n\nccc", 100)).containsExactly(
                new Line(1, "a", false), new Line(2, "bb", false), new Line(3, "", false), new Line(4, "ccc", false));
        assertThat(read("", 100)).isEmpty();
        assertThat(read("x\n", 100)).containsExactly(new Line(1, "x", false));
    }

    @Test
    void skipsAByteOrderMarkOnTheFirstLineOnly() throws IOException {
        assertThat(read("\uFEFFa\n\uFEFFb\n", 100)).extracting(Line::text).containsExactly("a", "\uFEFFb");
    }

    @Test
    void linesLongerThanTheBufferAreWhole() throws IOException {
        String longLine = "y".repeat(200_000);
        assertThat(read("a\n" + longLine + "\nb\n", 1 << 20)).extracting(Line::text).containsExactly("a", longLine, "b");
    }

    @Test
    void aTooLongLineIsCutAndItsRestSkipped() throws IOException {
        String input = "ok\n" + "z".repeat(100_000) + "\nnext\n" + "w".repeat(70_000);
        List<Line> lines = read(input, 65_000);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1).truncated()).isTrue();
        assertThat(lines.get(1).text()).hasSize(65_000);
        assertThat(lines.get(2)).isEqualTo(new Line(3, "next", false));
        assertThat(lines.get(3).truncated()).isTrue();
        assertThat(lines.get(3).number()).isEqualTo(4);
    }

    @Test
    void runsTheIdleHookBeforeReadingWhenNothingIsAvailable() throws IOException {
        // a stream that hands out one line per read and reports nothing available between reads, like a quiet pipe
        byte[][] chunks = {"a\n".getBytes(StandardCharsets.UTF_8), "b\n".getBytes(StandardCharsets.UTF_8)};
        InputStream trickle = new InputStream() {
            int next;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (next == chunks.length) {
                    return -1;
                }
                byte[] c = chunks[next++];
                System.arraycopy(c, 0, b, off, c.length);
                return c.length;
            }

            @Override
            public int available() {
                return 0;
            }
        };
        List<String> events = new ArrayList<>();
        LineReader r = new LineReader(trickle, () -> events.add("idle"), 100);
        while (r.next()) {
            events.add(new String(r.buffer(), r.start(), r.length(), StandardCharsets.UTF_8));
        }
        assertThat(events).containsExactly("idle", "a", "idle", "b", "idle");
        assertThat(r.bytesRead()).isEqualTo(4);
    }
}
