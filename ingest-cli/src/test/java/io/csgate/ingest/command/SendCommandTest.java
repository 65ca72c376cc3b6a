package io.csgate.ingest.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.event.Envelope;
import io.csgate.common.event.Op;
import io.csgate.ingest.Cli;
import io.csgate.ingest.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendCommandTest {

    private static final String DELETE = "{\"op\":\"message_delete\",\"body\":[{\"uuid\":"
            + "\"7d0c4a36-1f9e-4b8e-9d55-0c3d7c7f2a10\",\"channel\":\"room\"}]}";

    @TempDir
    Path dir;

    private static String item(int n) {
        return "{\"channel\":\"room\",\"user\":\"bot\",\"message\":{\"n\":" + n + "}}";
    }

    private static String lines(int from, int to) {
        return IntStream.range(from, to).mapToObj(SendCommandTest::item).collect(Collectors.joining("\n", "", "\n"));
    }

    private Path file(String content) throws IOException {
        Path f = dir.resolve("in.jsonl");
        Files.writeString(f, content);
        return f;
    }

    /** The "n" of every message item, record by record. */
    private static List<List<Integer>> itemsPerRecord(Cli cli) {
        List<List<Integer>> out = new ArrayList<>();
        for (Envelope e : cli.events()) {
            List<Integer> ns = new ArrayList<>();
            if (e.op() == Op.MESSAGE) {
                e.body().forEach(i -> ns.add(i.get("message").get("n").asInt()));
            }
            out.add(ns);
        }
        return out;
    }

    @Test
    void batchesItemsIntoMessageEventsInFileOrder() throws IOException {
        Cli cli = new Cli();
        Cli.Run r = cli.run("send", file(lines(0, 250)).toString(), "--batch", "100", "-t", "events");
        assertThat(r.exit()).as(r.err()).isZero();
        List<List<Integer>> records = itemsPerRecord(cli);
        assertThat(records).extracting(List::size).containsExactly(100, 100, 50);
        assertThat(records.stream().flatMap(List::stream)).containsExactlyElementsOf(
                IntStream.range(0, 250).boxed().toList());
        assertThat(cli.events()).allSatisfy(e -> {
            assertThat(e.origin()).isEqualTo("ingest-cli");
            assertThat(e.time()).isNotNull();
        });
        assertThat(cli.events().stream().map(Envelope::id).distinct()).hasSize(3);
        assertThat(r.out()).matches("sent 250 messages in 3 records to events: 250 acknowledged, 0 failed;"
                + " 0 invalid lines skipped \\(.* msg/s\\)\\R");
        assertThat(r.err()).isEmpty();
    }

    private static final String MIXED = item(1) + "\n"
            + "not json\n"
            + "{\"channel\":\"room\"}\n"
            + "\n"
            + "[1]\n"
            + item(2) + "\n"
            + "{\"op\":\"message\",\"body\":[{\"user\":\"x\",\"uuid\":\"bad\"}]}\n";

    private static final List<String> MIXED_ERRORS = List.of(
            "line 2: not JSON: unexpected 'not' at column 1 (text needs double quotes; the literals are true, false"
                    + " and null)",
            "line 3: invalid message item: {\"user\":[\"Missing data for required field.\"]}",
            "line 5: expected a JSON object (a message item or an envelope)",
            "line 7: invalid message body: {\"0\":{\"uuid\":[\"Not a valid UUID.\"]}}");

    @Test
    void aFileWithInvalidLinesSendsNothingListsThemAllAndExits3() throws IOException {
        Cli cli = new Cli();
        Path f = file(MIXED);
        Cli.Run r = cli.run("send", f.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err().lines()).containsExactlyElementsOf(MIXED_ERRORS);
        assertThat(r.out()).isEqualTo("4 invalid lines in " + f + ": nothing sent (2 valid messages; --skip-invalid"
                + " sends them)" + System.lineSeparator());
        assertThat(cli.producersMade()).as("Kafka is not even contacted").isEmpty();
    }

    @Test
    void skipInvalidSendsTheValidLinesOfAFileAndExits3() throws IOException {
        Cli cli = new Cli();
        Cli.Run r = cli.run("send", file(MIXED).toString(), "--skip-invalid");
        assertThat(r.exit()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err().lines()).containsExactlyElementsOf(MIXED_ERRORS);
        assertThat(itemsPerRecord(cli).stream().flatMap(List::stream)).containsExactly(1, 2);
        assertThat(r.out()).contains("sent 2 messages in 2 records", "2 acknowledged, 0 failed; 4 invalid lines skipped");
    }

    @Test
    void standardInputStopsAtItsFirstInvalidLineAfterSendingTheLinesBefore() {
        Cli cli = new Cli().stdin(item(1) + "\n" + item(2) + "\n" + "{\"channel\":\"room\"}\n" + item(3) + "\n");
        Cli.Run r = cli.run("send", "--batch", "100");
        assertThat(r.exit()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(itemsPerRecord(cli)).containsExactly(List.of(1, 2));
        assertThat(r.err().lines()).containsExactly(
                "line 3: invalid message item: {\"user\":[\"Missing data for required field.\"]}",
                "ingest send: stopped at invalid line 3: the lines before it were sent, the lines from it on were not"
                        + " (--skip-invalid skips invalid lines instead)");
        assertThat(r.out()).contains("sent 2 messages in 1 records", "2 acknowledged, 0 failed; stopped at invalid"
                + " line 3");
    }

    @Test
    void standardInputWithSkipInvalidSendsEveryValidLine() {
        Cli cli = new Cli().stdin(MIXED);
        Cli.Run r = cli.run("send", "--skip-invalid");
        assertThat(r.exit()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err().lines()).containsExactlyElementsOf(MIXED_ERRORS);
        assertThat(itemsPerRecord(cli).stream().flatMap(List::stream)).containsExactly(1, 2);
    }

    @Test
    void theHelpSaysWhatAppliesToAFileAndToStandardInput() {
        Cli.Run r = new Cli().run("send", "--help");
        assertThat(r.out().replaceAll("\\s+", " ")).contains(
                "A FILE is checked whole first: if any line is invalid, the invalid lines are listed with their numbers"
                        + " and nothing is sent (exit 3).",
                "Standard input (and a FILE that is a pipe) is sent as it arrives, so it cannot be checked first:"
                        + " sending stops at its first invalid line",
                "--skip-invalid");
    }

    @Test
    void envelopeLinesGoOutAsTheirOwnRecordsInInputOrder() {
        Cli cli = new Cli().stdin(item(1) + "\n" + item(2) + "\n" + DELETE + "\n" + item(3) + "\n");
        Cli.Run r = cli.run("send");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(cli.events()).extracting(Envelope::op).containsExactly(Op.MESSAGE, Op.MESSAGE_DELETE, Op.MESSAGE);
        assertThat(itemsPerRecord(cli)).containsExactly(List.of(1, 2), List.of(), List.of(3));
        Envelope delete = cli.events().get(1);
        assertThat(delete.origin()).isEqualTo("ingest-cli");
        // the time it was sent: gateways hold a record's time to its append time (record_time_window)
        assertThat(delete.time()).isNotNull().isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());
        assertThat(r.out()).contains("sent 4 messages in 3 records");
    }

    @Test
    void anEnvelopesOwnIdTimeAndOriginAreKept() {
        String env = "{\"v\":1,\"id\":\"job-42\",\"op\":\"user_state\",\"time\":\"2024-05-01T12:00:00Z\","
                + "\"origin\":\"billing\",\"body\":{\"user\":\"bob\",\"user_state\":{\"plan\":\"pro\"}}}";
        Cli cli = new Cli().stdin(env + "\n");
        assertThat(cli.run("send", "-").exit()).isZero();
        Envelope e = cli.events().get(0);
        assertThat(e.id()).isEqualTo("job-42");
        assertThat(e.origin()).isEqualTo("billing");
        assertThat(e.time()).hasToString("2024-05-01T12:00:00Z");
        assertThat(e.body().get("user_state").get("plan").asText()).isEqualTo("pro");
    }

    @Test
    void badEnvelopesAreReported() throws IOException {
        String input = "{\"op\":\"gateway_down\",\"body\":{\"gateway_id\":\"g\"}}\n"
                + "{\"v\":2,\"op\":\"message\",\"body\":[]}\n"
                + "{\"op\":\"message\",\"body\":[],\"extra\":1}\n"
                + "{\"op\":\"message\",\"body\":[],\"time\":\"yesterday\"}\n"
                + "{\"op\":\"message\",\"body\":[],\"id\":\"\"}\n";
        Cli cli = new Cli();
        Cli.Run r = cli.run("send", file(input).toString());
        assertThat(r.exit()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err().lines()).hasSize(5).satisfies(l -> {
            assertThat(l.get(0)).startsWith("line 1: envelope 'op' must be one of connect, ").endsWith("got 'gateway_down'");
            assertThat(l.get(1)).isEqualTo("line 2: envelope 'v' must be 1, got 2");
            assertThat(l.get(2)).startsWith("line 3: unknown envelope field 'extra'");
            assertThat(l.get(3)).startsWith("line 4: envelope 'time' is not an ISO-8601 instant");
            assertThat(l.get(4)).isEqualTo("line 5: envelope 'id' must be a non-empty string");
        });
        assertThat(cli.records()).isEmpty();
    }

    @Test
    void onlyTheFirstInvalidLinesAreShown() throws IOException {
        Cli cli = new Cli();
        Cli.Run r = cli.run("send", file("x\n".repeat(5) + item(1) + "\n").toString(), "--show-invalid", "2");
        assertThat(r.exit()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err().lines()).hasSize(3).last().isEqualTo("3 more invalid lines not shown (--show-invalid)");
        assertThat(r.out()).contains("5 invalid lines in ", "nothing sent");
    }

    @Test
    void dryRunValidatesEverythingAndProducesNothing() throws IOException {
        Cli cli = new Cli().withoutEnv("CHANNELSTREAM_SECRET");
        Cli.Run r = cli.run("send", "--dry-run", file(lines(0, 30) + "oops\n").toString(), "--batch", "10");
        assertThat(r.exit()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(cli.producersMade()).isEmpty();
        assertThat(r.out()).startsWith("dry run: 30 valid messages in 3 records, 1 invalid lines; nothing produced");
        assertThat(r.err()).isEqualTo("line 31: not JSON: unexpected 'oops' at column 1 (text needs double quotes;"
                + " the literals are true, false and null)" + System.lineSeparator());
    }

    @Test
    void aDeliveryFailureStopsReadingAndExits1WithCounts() throws IOException {
        Cli cli = new Cli().producers(() -> new FailingProducer(2));
        Cli.Run r = cli.run("send", file(lines(0, 1000)).toString(), "--batch", "10");
        assertThat(r.exit()).isEqualTo(ExitCode.NOT_DELIVERED);
        assertThat(r.out()).contains("sent 30 messages in 3 records", "20 acknowledged, 10 failed");
        assertThat(r.err()).contains("ingest send: not acknowledged: topic channelstream.events: TimeoutException",
                "first unacknowledged line 21", "stopped sending: lines from 31 on were not sent");
    }

    @Test
    void aMissingFileIsAUsageError() {
        Cli.Run r = new Cli().run("send", dir.resolve("nope.jsonl").toString());
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).isEqualTo("ingest send: cannot read '" + dir.resolve("nope.jsonl") + "': no such file"
                + System.lineSeparator());
    }

    @Test
    void aBadBatchSizeIsAUsageError() {
        assertThat(new Cli().run("send", "--batch", "0").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(new Cli().run("send", "--batch", "ten").exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void anEmptyInputSendsNothingAndSucceeds() {
        Cli cli = new Cli().stdin("");
        Cli.Run r = cli.run("send");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("sent 0 messages in 0 records");
        assertThat(cli.records()).isEmpty();
    }

    @Test
    void onATerminalAProgressBarIsDrawnOnStderr() throws IOException {
        Cli cli = new Cli().terminal(true);
        Cli.Run r = cli.run("send", file(lines(0, 20) + "bad\n").toString(), "--skip-invalid");
        assertThat(r.exit()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("line 21: not JSON", "\r[########################] 100%  20 acknowledged, 1 invalid");
        assertThat(r.out()).startsWith("sent 20 messages");
    }

    @Test
    void onATerminalTheCheckOfAFileHasItsOwnBar() throws IOException {
        Cli cli = new Cli().terminal(true);
        Cli.Run r = cli.run("send", file(lines(0, 20)).toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("\r[########################] 100%  20 checked",
                "\r[########################] 100%  20 acknowledged");
    }

    @Test
    void progressCanBeForcedOrTurnedOff() {
        Cli.Run never = new Cli().terminal(true).stdin(item(1) + "\n").run("send", "--progress", "never");
        assertThat(never.err()).isEmpty();
        Cli.Run always = new Cli().stdin(item(1) + "\n").run("send", "--progress=always");
        assertThat(always.err()).contains("1 acknowledged");
        assertThat(new Cli().run("send", "--progress", "sometimes").exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aRateStillSendsEverythingInOrder() {
        Cli cli = new Cli().stdin(lines(0, 20));
        Cli.Run r = cli.run("send", "--rate", "2000", "--batch", "5");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(itemsPerRecord(cli).stream().flatMap(List::stream)).containsExactlyElementsOf(
                IntStream.range(0, 20).boxed().toList());
    }

    @Test
    void unicodeAndExtraKeysPassThroughByteForByte() {
        String line = "{\"channel\":\"salle\",\"user\":\"zoë\",\"message\":{\"text\":\"héllo ☃\"},\"extra\":[1,{\"a\":null}]}";
        Cli cli = new Cli().stdin(line + "\r\n");
        assertThat(cli.run("send").exit()).isZero();
        JsonNode item = cli.events().get(0).body().get(0);
        assertThat(item.toString()).isEqualTo(line);
    }
}
