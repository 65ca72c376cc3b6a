package io.csgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.csgate.common.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** Runs a bench command in process, as the launcher would (without hard exit), capturing output. */
public record BenchRun(int exitCode, String out, String err, long millis) {

    public static BenchRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new BenchCommand(false));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        long t0 = System.nanoTime();
        int code = cl.execute(args);
        return new BenchRun(code, out.toString(), err.toString(), (System.nanoTime() - t0) / 1_000_000);
    }

    /** The JSON line (the last line of stdout). */
    public JsonNode json() {
        List<String> lines = out.lines().toList();
        try {
            return Json.parse(lines.get(lines.size() - 1));
        } catch (Exception e) {
            throw new AssertionError("no JSON line in:\n" + out + "\nstderr:\n" + err, e);
        }
    }

    public JsonNode result(String key) {
        return json().get("results").get(key);
    }
}
