package io.csgate.ingest.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.csgate.common.json.Json;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what is wrong with text that is not JSON, for a person: what was found and where (line and
 * column in the text, counted in characters from 1), in words about the input rather than the
 * parser's ("unexpected 'not'", not "Unrecognized token ... was expecting ..."). Stateless.
 */
public final class JsonSyntax {

    private static final Pattern TOKEN = Pattern.compile("^Unrecognized token '(.*)': was expecting");
    private static final Pattern CHAR = Pattern.compile("^Unexpected character \\('(.)' \\(code \\d+\\)\\)");
    private static final Pattern CONTROL = Pattern.compile("^Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\)");
    private static final Pattern CLOSE = Pattern.compile("^Unexpected close marker '(.)'");
    private static final int MAX_DETAIL = 160;

    private JsonSyntax() {}

    /**
     * What is wrong with {@code text}, e.g. {@code "unexpected 'not' at column 1 (text needs double
     * quotes; the literals are true, false and null)"}, or null when it is JSON after all.
     */
    public static String problem(String text) {
        try {
            Json.parse(text);
            return null;
        } catch (JsonProcessingException e) {
            return describe(e, text);
        }
    }

    static String describe(JsonProcessingException e, String text) {
        String m = String.valueOf(e.getOriginalMessage());
        JsonLocation at = e.getLocation();
        int line = at == null ? -1 : at.getLineNr();
        int column = at == null ? -1 : at.getColumnNr();
        Matcher token = TOKEN.matcher(m);
        if (token.find()) {
            String t = token.group(1);
            return "unexpected '" + t + "'" + where(text, line, tokenStart(text, line, column, t))
                    + " (text needs double quotes; the literals are true, false and null)";
        }
        if (m.startsWith("Unexpected end-of-input")) {
            return "the text ends before the JSON value is complete (a closing '}', ']' or '\"' is missing)";
        }
        Matcher ch = CHAR.matcher(m);
        if (ch.find()) {
            return unexpected(ch.group(1).charAt(0), m, where(text, line, column));
        }
        Matcher control = CONTROL.matcher(m);
        if (control.find()) {
            return "a control character (code " + control.group(1) + ") inside a string" + where(text, line, column)
                    + " must be escaped, e.g. \\n or \\t";
        }
        Matcher close = CLOSE.matcher(m);
        if (close.find()) {
            return "unexpected '" + close.group(1) + "'" + where(text, line, column) + " (nothing is open to close)";
        }
        if (m.contains("numeric value")) {
            return "not a valid number" + where(text, line, column);
        }
        if (m.contains("UTF-8")) {
            return "not valid UTF-8 text" + where(text, line, column);
        }
        return detail(m) + where(text, line, column);
    }

    private static String unexpected(char c, String m, String where) {
        String found = "'" + c + "'" + where;
        if (m.contains("double-quote to start field name")) {
            return c == '}' ? "a ',' before " + found + " (a trailing comma is not JSON)"
                    : "a field name must be in double quotes, found " + found;
        }
        if (m.contains("comma to separate")) {
            return "expected ',' between two items, found " + found;
        }
        if (m.contains("colon to separate")) {
            return "expected ':' after a field name, found " + found;
        }
        if (m.contains("hex-digit")) {
            return "a \\u escape needs four hex digits, found " + found;
        }
        if (m.contains("expected a valid value") || m.contains("expected a value")) {
            if (c == ']') {
                return "a ',' before " + found + " (a trailing comma is not JSON)";
            }
            if (c == '\'') {
                return "single quotes " + where.strip() + " are not JSON: use double quotes";
            }
            return "expected a value (a \"string\", number, object, array, true, false or null), found " + found;
        }
        return "unexpected " + found;
    }

    /** Jackson's message without the location it appends, cut short. */
    private static String detail(String m) {
        int cut = m.indexOf(" (start marker");
        if (cut < 0) {
            cut = m.indexOf(" at [Source");
        }
        String s = cut < 0 ? m : m.substring(0, cut);
        s = s.replace('\n', ' ');
        return s.length() > MAX_DETAIL ? s.substring(0, MAX_DETAIL) + "..." : s;
    }

    /** Where an unrecognized word starts: the parser reports where it stopped reading it. */
    private static int tokenStart(String text, int line, int column, String token) {
        String l = lineOf(text, line);
        if (l == null) {
            return column;
        }
        int from = Math.min(l.length(), Math.max(0, column - 1));
        int i = l.lastIndexOf(token, from);
        return i >= 0 ? i + 1 : column;
    }

    /** " at column C" (and the line when the text has several), or "" when unknown. */
    private static String where(String text, int line, int column) {
        if (column < 1) {
            return "";
        }
        boolean lines = text != null && text.indexOf('\n') >= 0;
        return lines && line > 0 ? " at line " + line + ", column " + column : " at column " + column;
    }

    private static String lineOf(String text, int line) {
        if (text == null || line < 1) {
            return null;
        }
        String[] lines = text.split("\n", -1);
        return line <= lines.length ? lines[line - 1] : null;
    }
}
