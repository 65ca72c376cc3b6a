package io.csgate.bench;

import io.csgate.common.sign.TimestampSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for the ingest CLI in bench tests: {@code FakeCli FILE URL} posts the file's lines to
 * {@code URL/message} 100 at a time, in order, signed with {@code $CHANNELSTREAM_SECRET}; exits 1
 * on any answer but 200.
 */
public final class FakeCli {

    private FakeCli() {}

    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        String signature = new TimestampSigner(System.getenv("CHANNELSTREAM_SECRET")).sign("channelstream");
        HttpClient http = HttpClient.newHttpClient();
        for (int from = 0; from < lines.size(); from += 100) {
            List<String> batch = new ArrayList<>(lines.subList(from, Math.min(lines.size(), from + 100)));
            HttpRequest r = HttpRequest.newBuilder(URI.create(args[1] + "/message"))
                    .header("X-Channelstream-Secret", signature)
                    .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", batch) + "]")).build();
            int status = http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                System.err.println("POST /message answered " + status);
                System.exit(1);
            }
        }
    }
}
