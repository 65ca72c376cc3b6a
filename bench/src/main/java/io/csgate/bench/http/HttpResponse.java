package io.csgate.bench.http;

import java.nio.charset.StandardCharsets;

/** A status and a body, read in full. */
public record HttpResponse(int status, byte[] body) {

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body cut to {@code max} characters, for error messages. */
    public String excerpt(int max) {
        String t = text().replaceAll("\\s+", " ").trim();
        return t.length() <= max ? t : t.substring(0, max) + "...";
    }
}
