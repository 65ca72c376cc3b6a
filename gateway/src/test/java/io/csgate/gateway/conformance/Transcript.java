package io.csgate.gateway.conformance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.csgate.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One raw transcript of the reference server (test resources {@code transcripts/observed*.txt}):
 * sections {@code ### title}, each optionally with {@code METHOD /path -> HTTP status}, indented
 * response headers, {@code REQUEST BODY: …} and {@code RESPONSE: …} (pretty JSON, HTML or text,
 * sometimes cut short by the recorder), or websocket frames as Python tuples
 * {@code (t, opcode, 'text')}. Some sections carry their whole observation in the title.
 */
record Transcript(String file, List<Transcript.Section> sections) {

    private static final Pattern EXCHANGE = Pattern.compile("^(GET|POST|PUT|PATCH|DELETE|OPTIONS) (\\S+) -> HTTP (\\d{3})$");
    private static final Pattern HEADER = Pattern.compile("^  ([A-Za-z0-9-]+): (.*)$");
    private static final Pattern FRAME = Pattern.compile("^\\(([0-9.]+), (\\d+), (['\"])(.*)\\3\\)$");
    private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL);
    /** Reads one value and stops: what follows it is the recorder's, not the server's. */
    private static final ObjectMapper LENIENT = new ObjectMapper();

    /** A websocket frame as the recorder printed it: seconds since start, opcode, text. */
    record Frame(double t, int opcode, String data) {
        JsonNode json() {
            try {
                return Json.parse(data);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("recorded frame is not JSON: " + data, e);
            }
        }

        boolean heartbeat() {
            JsonNode j = json();
            return j.isArray() && j.isEmpty();
        }
    }

    /**
     * One {@code ###} section. {@code method} is null for sections without an HTTP exchange;
     * {@code requestBody} is null when no {@code REQUEST BODY:} line was recorded, "" when it was
     * empty; {@code response} is null without a {@code RESPONSE:} line.
     */
    record Section(String file, int line, String title, String method, String path, int status,
                   Map<String, String> headers, String requestBody, String response, List<Frame> frames) {

        String where() {
            return file + ":" + line + " \"" + title + "\"";
        }

        boolean isExchange() {
            return method != null;
        }

        /** The recorded response parsed as JSON, with what followed it; empty when not (complete) JSON. */
        Optional<Body> json() {
            return Body.parse(response);
        }

        boolean jsonTruncated() {
            String t = response == null ? "" : response.trim();
            return (t.startsWith("{") || t.startsWith("[")) && json().isEmpty();
        }

        boolean isHtml() {
            String t = response == null ? "" : response.trim().toLowerCase(java.util.Locale.ROOT);
            return t.startsWith("<html") || t.startsWith("<!doctype html") || t.startsWith("<!--");
        }

        /** The {@code <title>} of a recorded HTML body. */
        Optional<String> htmlTitle() {
            return htmlTitle(response);
        }

        static Optional<String> htmlTitle(String html) {
            Matcher m = TITLE.matcher(html == null ? "" : html);
            return m.find() ? Optional.of(m.group(1).trim()) : Optional.empty();
        }

        /** The conn_id of a cut-short /connect response, if the recorder kept it. */
        Optional<String> truncatedConnId() {
            Matcher m = Pattern.compile("^\\{\\s*\"conn_id\":\\s*\"([0-9a-f-]{36})\"").matcher(response == null ? "" : response.trim());
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }

        /** The first object key of a cut-short JSON object response, if the recorder kept one. */
        Optional<String> truncatedFirstKey() {
            Matcher m = Pattern.compile("^\\{\\s*\"([^\"]+)\"").matcher(response == null ? "" : response.trim());
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    /** A complete JSON value and whatever the recorder printed after it (e.g. a Python traceback). */
    record Body(JsonNode json, String trailer) {
        static Optional<Body> parse(String text) {
            if (text == null || text.isBlank()) {
                return Optional.empty();
            }
            try (JsonParser p = LENIENT.getFactory().createParser(text)) {
                JsonNode node = LENIENT.readTree(p);
                if (node == null) {
                    return Optional.empty();
                }
                int end = (int) p.currentLocation().getCharOffset();
                return Optional.of(new Body(node, text.substring(Math.min(end, text.length())).trim()));
            } catch (IOException e) {
                return Optional.empty(); // not JSON, or cut short by the recorder
            }
        }
    }

    /** The folder of the transcripts on the test classpath ({@code src/test/resources/transcripts}). */
    static final String RESOURCES = "transcripts/";

    /** Reads {@code observedN.txt} from the test classpath; fails with the resource name when it is not there. */
    static Transcript read(String name) {
        try (InputStream in = Transcript.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the reference transcript " + RESOURCES + name
                        + " is not on the test classpath (gateway/src/test/resources/" + RESOURCES + ")");
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Transcript parse(String file, String text) {
        List<Section> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int start = -1;
        for (int i = 0; i <= lines.length; i++) {
            if (i == lines.length || lines[i].startsWith("### ")) {
                if (start >= 0) {
                    out.add(section(file, start, lines, i));
                }
                start = i;
            } else if (start < 0 && !lines[i].isBlank()) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": text before the first ### section");
            }
        }
        return new Transcript(file, List.copyOf(out));
    }

    private static Section section(String file, int start, String[] lines, int end) {
        String title = lines[start].substring(4).trim();
        String method = null;
        String path = null;
        int status = 0;
        Map<String, String> headers = new LinkedHashMap<>();
        String requestBody = null;
        StringBuilder response = null;
        List<Frame> frames = new ArrayList<>();
        for (int i = start + 1; i < end; i++) {
            String l = lines[i];
            if (response != null) {
                response.append('\n').append(l);
                continue;
            }
            Matcher ex = EXCHANGE.matcher(l);
            Matcher h = HEADER.matcher(l);
            Matcher f = FRAME.matcher(l);
            if (method == null && ex.matches()) {
                method = ex.group(1);
                path = ex.group(2);
                status = Integer.parseInt(ex.group(3));
            } else if (method != null && h.matches()) {
                headers.put(h.group(1), h.group(2));
            } else if (l.startsWith("REQUEST BODY:")) {
                requestBody = l.substring("REQUEST BODY:".length()).trim();
            } else if (l.startsWith("RESPONSE:")) {
                response = new StringBuilder(l.substring("RESPONSE:".length()).trim());
            } else if (f.matches()) {
                frames.add(new Frame(Double.parseDouble(f.group(1)), Integer.parseInt(f.group(2)),
                        pythonUnescape(f.group(4))));
            } else if (!l.isBlank()) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": unrecognised line in \"" + title + "\": " + l);
            }
        }
        return new Section(file, start + 1, title, method, path, status, headers, requestBody,
                response == null ? null : response.toString().strip(), List.copyOf(frames));
    }

    /** Undoes Python's repr() escaping of a str literal's body. */
    static String pythonUnescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'x' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append(n); // \\ \' \"
            }
        }
        return b.toString();
    }

    /** Bytes of a Python bytes literal body such as {@code \x03\xe8}. */
    static byte[] pythonBytes(String literal) {
        String s = pythonUnescape(literal);
        byte[] out = new byte[s.length()];
        for (int i = 0; i < s.length(); i++) {
            out[i] = (byte) s.charAt(i);
        }
        return out;
    }

    Section section(String title) {
        return sections.stream().filter(s -> s.title().equals(title)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(file + " has no section \"" + title + "\""));
    }
}
